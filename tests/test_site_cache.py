"""The hand-off from the test run to the website, on a tiny book: a notebook executed by the
lesson's runner and stored with `NotebookRun.cache` (jupyter-cache's public API) is what
`jupyter-book build` shows, glued value included, without executing it again; and a build that
has to execute a notebook fails under `--cached-only`, as the full build after the test run does.
The runner's other way in, recording what another client runs in a kernel (nbval, under pytest),
is checked on a kernel driven by a second client.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tools import runner
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
    run = runner.run_notebook(tiny_book / "tiny.ipynb")
    assert run.complete and set(run.seconds) == {1, 2}
    run.cache(execution_cache(tiny_book))
    assert build(tiny_book, cached_only=True, standin=False) == 0
    html = (tiny_book / "_build" / "html" / "index.html").read_text()
    assert 'The answer is <span class="pasted-text">42</span>' in html  # myst-nb read our glue output
    assert "forty-two" in (tiny_book / "_build" / "html" / "tiny.html").read_text()


def test_a_cache_miss_fails_the_build(tiny_book, capfd):
    assert build(tiny_book, cached_only=True, standin=False) == 1  # nothing cached: the build executes
    assert "executed 1 notebook(s)" in capfd.readouterr().err


def test_the_runner_records_what_another_client_runs_in_a_kernel(tmp_path):
    """As nbval runs a notebook's cells: the runner, listening, gets each execution's code and
    outputs in order (streams joined, an error as an error), then runs code of its own there."""
    from jupyter_client import KernelManager

    manager = KernelManager(kernel_name="python3")
    manager.start_kernel(cwd=str(tmp_path))
    other = manager.blocking_client()
    other.start_channels()
    other.wait_for_ready(timeout=60)
    assert runner.newest_kernel() == Path(manager.connection_file)  # how conftest.py finds nbval's
    listener = runner.Kernel.attach(manager.connection_file)
    try:
        for code in ('x = 6 * 7\nprint("a")\nprint("b")', "x", "1 / 0"):
            other.execute_interactive(code, store_history=False, timeout=30, output_hook=lambda msg: None)
        seen = [listener.next_execution() for _ in range(3)]
        assert [code for code, _, _ in seen][1:] == ["x", "1 / 0"]
        assert [(o.output_type, o.get("text")) for o in seen[0][1]] == [("stream", "a\nb\n")]
        assert seen[1][1][0].output_type == "execute_result" and seen[1][1][0].data["text/plain"] == "42"
        assert seen[2][1][0].output_type == "error" and seen[2][1][0].ename == "ZeroDivisionError"
        outputs, _ = listener.execute("print(x + 1)")  # the solutions' way: same kernel, same state
        assert outputs[0].text == "43\n"
        with pytest.raises(runner.CellError, match="NameError"):
            listener.execute("undefined_name")
        assert listener.peak_gb() > 0
    finally:
        listener.close()
        other.stop_channels()
        manager.shutdown_kernel(now=True)
