"""The hand-off from the test run to the website, on a tiny book: a notebook executed here and
stored with conftest's `cache_executed_notebook` (jupyter-cache's public API) is what
`jupyter-book build` shows, glued value included, without executing it again; and a build that
has to execute a notebook fails under `--cached-only`, as the full build after the test run does.
"""

from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import cache_executed_notebook
from tools.build_site import build, execution_cache
from tools.setup_cells import GLUE  # the notebooks' glue helper

pytestmark = pytest.mark.slow


@pytest.fixture
def tiny_book(tmp_path):
    (tmp_path / "_config.yml").write_text(
        "title: Tiny\nonly_build_toc_files: true\nexecute:\n  execute_notebooks: cache\n")
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: index\nchapters:\n- file: tiny\n")
    (tmp_path / "index.md").write_text("# Tiny\n\nThe answer is {glue:text}`tiny.ipynb::answer:s`.\n")
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# A tiny notebook"),
                                         nbformat.v4.new_code_cell(GLUE),
                                         nbformat.v4.new_code_cell('print("forty-two")\nglue("answer", 42)')])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nbformat.write(nb, tmp_path / "tiny.ipynb")
    return tmp_path


def test_our_glue_is_read_by_myst_nb_and_a_cached_notebook_is_not_executed_again(tiny_book):
    nb = nbformat.read(tiny_book / "tiny.ipynb", 4)
    executed = NotebookClient(nbformat.read(tiny_book / "tiny.ipynb", 4), kernel_name="python3",
                              resources={"metadata": {"path": str(tiny_book)}}).execute()
    for cell, run in zip(nb.cells, executed.cells):  # outputs only, as nbval's run hands them over:
        if cell.cell_type == "code":  # the notebook's own metadata is what the cache matches on
            cell.outputs = run.outputs
    cache_executed_notebook(nb, tiny_book / "tiny.ipynb", 1.0, cache=execution_cache(tiny_book))
    assert build(tiny_book, cached_only=True, standin=False) == 0
    html = (tiny_book / "_build" / "html" / "index.html").read_text()
    assert 'The answer is <span class="pasted-text">42</span>' in html  # myst-nb read our glue output
    assert "forty-two" in (tiny_book / "_build" / "html" / "tiny.html").read_text()


def test_a_cache_miss_fails_the_build(tiny_book, capfd):
    assert build(tiny_book, cached_only=True, standin=False) == 1  # nothing cached: the build executes
    assert "executed 1 notebook(s)" in capfd.readouterr().err
