"""The notebooks' set-up cells: each notebook stands alone, so they repeat a few pieces on
purpose. tools/setup_cells.py writes them all from one template; these checks keep the notebooks
equal to what it writes, and check the template's pieces where a rule can be tested."""

from __future__ import annotations

import ast
import inspect
import json
import re
from pathlib import Path

import pytest

from llm_lesson import check_setup, models
from tools import setup_cells

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def code_cells(path: Path) -> list[str]:
    return ["".join(c["source"]) for c in json.loads(path.read_text())["cells"]
            if c["cell_type"] == "code"]


def setup_source(path: Path) -> str:
    """The set-up code cells (the choices, then the machinery), as one program."""
    return "\n".join("".join(c["source"]) for c in json.loads(path.read_text())["cells"]
                     if c["cell_type"] == "code" and setup_cells.is_setup(c))


def test_set_up_cells_are_what_the_tool_writes(capsys):
    assert setup_cells.main(["--check"]) == 0, capsys.readouterr().out


def test_the_tool_catches_a_hand_edit(tmp_path):
    """--check fails on a notebook whose set-up cell was edited, and the tool puts it back."""
    (tmp_path / "_config.yml").symlink_to(ROOT / "_config.yml")
    (tmp_path / "notebooks").mkdir()
    path = tmp_path / "notebooks" / NOTEBOOKS[0].name
    for notebook in NOTEBOOKS:
        (tmp_path / "notebooks" / notebook.name).write_text(notebook.read_text())
    path.write_text(path.read_text().replace("transformers.set_seed(42)", "transformers.set_seed(7)"))
    assert setup_cells.main(["--check"], root=tmp_path) == 1
    assert setup_cells.main([], root=tmp_path) == 0
    assert path.read_text() == NOTEBOOKS[0].read_text()


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_learner_sees_the_choices_and_the_machinery_folded(path):
    """Above the fold: a heading, the choices (at most 15 lines), and one title line for the rest,
    which Jupyter Book (hide-input), JupyterLab (source_hidden) and Colab (form view) fold away."""
    cells = json.loads(path.read_text())["cells"]
    where = [i for i, c in enumerate(cells) if setup_cells.is_setup(c)]
    assert where == [1, 2, 3]
    heading, choices, machinery = (cells[i] for i in where)
    assert heading["cell_type"] == "markdown" and heading["source"][0] == "## Set-up\n"
    assert choices["cell_type"] == "code" and len(choices["source"]) <= 15
    assert not set(choices["metadata"]) - {"tags"}  # in sight everywhere
    assert "hide-input" in machinery["metadata"]["tags"]
    assert machinery["metadata"]["jupyter"]["source_hidden"] is True
    assert machinery["metadata"]["cellView"] == "form" and machinery["source"][0].startswith("# @title ")
    assert "model_id = " in "".join(choices["source"])


def loads_a_hub_model(path: Path) -> bool:
    return any("from_pretrained(" in cell for cell in code_cells(path))


def function_source(cell: str, name: str) -> str | None:
    tree = ast.parse(cell)
    for node in tree.body:
        if isinstance(node, ast.FunctionDef) and node.name == name:
            return ast.get_source_segment(cell, node)
    return None


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if loads_a_hub_model(p)], ids=lambda p: p.stem)
def test_model_rule_is_the_lessons_one_rule(path):
    setup = setup_source(path)
    assert function_source(setup, "model_on_disk") == inspect.getsource(models.model_on_disk).strip()
    assert "local_only = model_on_disk(model_id)" in setup


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_no_process_wide_offline_switch(path):
    """HF_HUB_OFFLINE cannot be undone in a running kernel: loads say local_files_only instead."""
    cells = code_cells(path)
    assert not any("HF_HUB_OFFLINE" in cell for cell in cells)
    for cell in cells:
        for call in re.findall(r"from_pretrained\([^)]*\)", cell):
            assert "local_files_only=" in call, call


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_colab_installs_what_the_learners_lock_pins(path):
    """Every `name==version` a notebook installs on Colab is the version in requirements.txt
    (tools/pins.py writes them; this catches a hand edit)."""
    pins = {re.sub(r"[-_.]+", "-", k).lower(): v for k, v in check_setup.pinned().items()}
    setup = setup_source(path)
    assert 'if "google.colab" in sys.modules:' in setup
    installed = re.findall(r'"([A-Za-z0-9_.-]+)(?:\[[a-z,]+\])?==([^"]+)"', setup)
    assert installed, "the set-up cell installs nothing on Colab"
    for name, version in installed:
        assert pins.get(re.sub(r"[-_.]+", "-", name).lower()) == version, name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_data_is_cloned_only_when_missing(path):
    """Running the set-up cell again (or "restart and run all") must not clone twice."""
    setup = setup_source(path)
    if '"git", "clone"' in setup:
        guard = setup.index('if not Path("lesson").exists():')
        assert guard < setup.index('"git", "clone"')


def test_glue_helper_writes_what_myst_nb_reads():
    """`glue` hands a value to the site (myst-nb reads it from the outputs; tests/test_site_cache.py
    reads one back); the notebooks cannot import myst-nb on Colab, so each carries it."""
    for path in NOTEBOOKS:
        assert "application/papermill.record/text/plain" in function_source(setup_source(path), "glue"), path.stem


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_only_the_set_up_cell_names_a_folder(path):
    """On Colab only the set-up cell changes (it clones the data and points `data_dir` and the
    like at the clone), so the Colab run checks the set-up cell and the files the notebook opens
    through those variables. That holds only if no other cell, solutions included, names a
    folder or opens a file by a path of its own."""
    nb = json.loads(path.read_text())
    cells = ["".join(c["source"]) for c in nb["cells"] if c["cell_type"] == "code" and not setup_cells.is_setup(c)]
    cells += [(ROOT / "solutions" / f"{t.split(':', 1)[1]}.py").read_text() for c in nb["cells"]
              for t in c.get("metadata", {}).get("tags", []) if t.startswith("exercise:")]
    for cell in cells:
        code = re.sub(r"#.*", "", cell)
        assert not re.search(r"""["'](\.\.?/|~/|/\w+/|[A-Za-z]:\\)""", code), cell[:200]
        assert not re.search(r"""["'](data|rag_data|learners|notebooks|fig|lesson)/""", code), cell[:200]
        assert not re.search(r"""open\(\s*["']|Path\(\s*["']""", code), cell[:200]


def test_ollama_address_reads_ollama_host_as_the_ollama_client_does():
    """The set-up cells' `ollama_address` must reach the server that ChatOllama (the `ollama`
    client) reaches: checked against every example in the client's own documentation."""
    import doctest
    import importlib

    parse_host = importlib.import_module("ollama._client")._parse_host  # its docstring holds the examples
    examples = doctest.DocTestParser().get_examples(parse_host.__doc__)
    assert len(examples) > 20
    for path in NOTEBOOKS:
        source = function_source(setup_source(path), "ollama_address")
        if source is None:
            continue
        namespace = {}
        exec("import urllib.parse\n" + source, namespace)
        for example in examples:
            host = ast.literal_eval(re.fullmatch(r"_parse_host\((.*)\)\n", example.source)[1]) or ""
            assert namespace["ollama_address"](host) == ast.literal_eval(example.want), (path.stem, host)


@pytest.mark.parametrize("path", [p for p in NOTEBOOKS if loads_a_hub_model(p)], ids=lambda p: p.stem)
def test_gpu_dtype_is_never_emulated_bfloat16(path):
    """On a T4 (Colab's free GPU) torch reports bfloat16 as supported through slow emulation."""
    setup = setup_source(path)
    assert "torch.cuda.is_bf16_supported(including_emulation=False)" in setup
    assert "is_bf16_supported()" not in setup


@pytest.mark.parametrize("path", NOTEBOOKS + sorted((ROOT / "solutions").glob("*.py")), ids=lambda p: p.stem)
def test_model_loads_pass_local_files_only_to_the_adapter_lookup(path):
    """With peft installed, transformers looks for adapter_config.json on the Hub unless
    adapter_kwargs says local_files_only too (tests/test_offline_load.py shows the cost)."""
    cells = code_cells(path) if path.suffix == ".ipynb" else [path.read_text()]
    for cell in cells:
        for call in re.findall(r"AutoModel\w*\.from_pretrained\((?:[^()]|\([^()]*\))*\)", cell):
            assert re.search(r'adapter_kwargs=\{"local_files_only": \w+\}', call), call
