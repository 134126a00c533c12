"""Every notebook run as Colab runs it: alone in an empty folder, with `google.colab` importable,
its Colab-only code executed for real, the set-up cell run twice (as after "restart and run all"),
and no Ollama on the machine.

Only the set-up cell differs on Colab (it installs, clones the data and sets the data folders;
tests/test_notebook_setup.py checks that no other cell names a path of its own), so for most
notebooks the Colab run is the set-up cell twice plus a check that every data file the notebook
opens is found; nbval runs the rest. Notebooks 6 and 7 take another route on Colab (their own
models instead of Ollama), so they run whole here, then every exercise's solution and its checks
after the last cell, as every notebook's run does (the others' run within nbval: conftest.py).
The copies with the solutions in place go to _build/solution-runs for people to read. Every run
goes through the lesson's runner (tools/runner.py). Network steps are replaced by
local equivalents, never skipped:

- `git clone <the lesson's repository>` clones this checkout (a git `insteadOf` rule);
- `pip install` is skipped, as on a Colab machine that already has the pinned versions (the
  set-up cell compares them with importlib.metadata); tests/test_colab_freeze.py resolves the
  install against Colab's own packages;
- choosing Ollama on Colab runs the notebooks' installer: `apt-get` and `curl` are stand-ins
  on PATH that install an `ollama` command wrapping llm_lesson.ollama_standin.

Not covered (README, "Run in Colab", lists what an instructor checks by hand): downloads from
the Hugging Face Hub and from ollama.com, GPUs.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
import yaml

from llm_lesson import servers
from tools import runner
from tools.runner import CellError, has_two_backends
from tools.setup_cells import is_setup

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
REPO_URL = yaml.safe_load((ROOT / "_config.yml").read_text())["repository"]["url"].rstrip("/")

FAKE_APT = """#!/bin/sh
# apt-get stand-in: record the call; "install zstd" provides a zstd command.
echo "apt-get $*" >> "$COLAB_LOG"
case "$*" in *install*zstd*) printf '#!/bin/sh\\nexit 0\\n' > "$FAKE_BIN/zstd"; chmod +x "$FAKE_BIN/zstd";; esac
"""
FAKE_CURL = """#!/bin/sh
# curl stand-in: ollama.com/install.sh becomes a script that installs an `ollama` command.
echo "curl $*" >> "$COLAB_LOG"
case "$*" in
  *ollama.com/install.sh*)
    if ! command -v zstd >/dev/null; then
      echo 'echo "ERROR: This version requires zstd for extraction"; exit 1'; exit 0
    fi
    echo 'cp "$FAKE_OLLAMA" "$FAKE_BIN/ollama" && chmod +x "$FAKE_BIN/ollama"' ;;
  *) echo "curl stand-in: no network here" >&2; exit 6 ;;
esac
"""
FAKE_OLLAMA = """#!/bin/sh
# ollama stand-in: `serve` runs llm_lesson.ollama_standin on OLLAMA_HOST; `pull` checks the tag.
echo "ollama $*" >> "$COLAB_LOG"
case "$1" in
  serve) exec "$LESSON_PYTHON" -m llm_lesson.ollama_standin --port "${OLLAMA_HOST##*:}" ;;
  pull) "$LESSON_PYTHON" -c "import ollama, sys; ollama.Client().show(sys.argv[1])" "$2" ;;
  *) echo "ollama stand-in: $1 is not supported" >&2; exit 2 ;;
esac
"""


def write_tool(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text)
    path.chmod(path.stat().st_mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    return path


@pytest.fixture
def colab(tmp_path):
    """An empty working folder and the environment of a Colab kernel (without Ollama)."""
    work, fake, tools = tmp_path / "content", tmp_path / "site-packages", tmp_path / "bin"
    for folder in (work, fake / "google" / "colab", tools):
        folder.mkdir(parents=True)
    (fake / "google" / "colab" / "__init__.py").write_text('"""Stand-in: notebooks ask only if it is loaded."""\n')
    (fake / "sitecustomize.py").write_text("import google.colab  # loaded at start, as on Colab\n")
    gitconfig = tmp_path / "gitconfig"
    gitconfig.write_text(f'[url "file://{ROOT}"]\n\tinsteadOf = {REPO_URL}\n[safe]\n\tdirectory = *\n')
    write_tool(tools, "apt-get", FAKE_APT)
    write_tool(tools, "curl", FAKE_CURL)
    ollama_script = write_tool(tmp_path, "ollama-standin.sh", FAKE_OLLAMA)
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(fake), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        "GIT_CONFIG_GLOBAL": str(gitconfig),
        "PATH": os.pathsep.join([str(tools), os.environ["PATH"]]),
        "OLLAMA_HOST": f"127.0.0.1:{servers.free_port()}",  # nothing listens: no Ollama here
        "COLAB_LOG": str(tmp_path / "calls.log"), "FAKE_BIN": str(tools),
        "PIP_LOG": str(tmp_path / "pip.log"),  # pip's own record of what it installed
        "FAKE_OLLAMA": str(ollama_script), "LESSON_PYTHON": sys.executable,
    }
    yield work, env, tmp_path / "calls.log"
    subprocess.run(["pkill", "-f", f"ollama_standin --port {env['OLLAMA_HOST'].split(':')[1]}"],
                   check=False)


def data_file_checks(nb: nbformat.NotebookNode) -> str:
    """Code asserting that the set-up cell's data folders (`data_dir = ...` and the like) exist
    and hold every data file the notebook names."""
    setup = "\n".join(c.source for c in nb.cells if c.cell_type == "code" and is_setup(c))
    rest = [c.source for c in nb.cells if c.cell_type == "code" and not is_setup(c)]
    folders = re.findall(r"^(\w+_dir) = ", setup, re.M)
    code = "\n".join(line.split("  #")[0] for cell in rest for line in cell.splitlines())  # no comments
    names = sorted(set(re.findall(r"""["']([\w.-]+\.(?:csv|json|jsonl|md|txt))["']""", code)) - MODEL_FILES)
    assert folders or not names, f"the notebook opens {names} but its set-up cell sets no *_dir folder"
    lines = [f"assert {folder}.is_dir(), {folder}" for folder in folders]
    lines += [f'assert any((folder / "{name}").is_file() for folder in ({", ".join(folders)},)), "{name}"'
              for name in names]
    return "\n".join(lines)


def run_as_colab(notebook: Path, work: Path, env: dict, cells: int | None = None,
                 first_line: str | None = None, solutions: bool = False,
                 then: str = "") -> nbformat.NotebookNode:
    """Copy the notebook alone into `work` and run it there with the lesson's runner: the set-up
    cells, then the first `cells` code cells (all by default, so the set-up cells run twice),
    then each exercise's solution if asked (after the last cell, as in every notebook's run),
    then the code `then`."""
    nb = nbformat.read(notebook, 4)
    if first_line:  # a learner's choice in the set-up cell, e.g. BACKEND = "ollama"
        choices = nb.cells[runner.code_cells(nb)[0]]
        name = first_line.split(" = ")[0]
        choices.source, found = re.subn(rf"^{name} = .*$", first_line, choices.source, count=1, flags=re.M)
        assert found, f"no {name} among the choices"
    nbformat.write(nb, work / notebook.name)
    code = runner.code_cells(nb)
    order = [i for i in code if is_setup(nb.cells[i])] + code[:cells]
    return runner.run_notebook(notebook, nb=nb, cwd=work, env=env, order=order, solutions=solutions,
                               then=then).nb


MODEL_FILES = {"config.json"}  # files of a model on the Hugging Face Hub (notebook 11 reads its revision), not data
SET_UP = 2  # code cells: the choices and the machinery (tools/setup_cells.py)


def set_up(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The set-up code cells as one cell: their sources and outputs, for the checks below."""
    cells = [c for c in nb.cells if c.cell_type == "code" and is_setup(c)]
    assert len(cells) == SET_UP
    return nbformat.v4.new_code_cell("\n".join(c.source for c in cells), outputs=cells[0].outputs + cells[1].outputs)


def text_of(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_notebook_runs_alone_as_on_colab(notebook, colab):
    """Set-up cell twice as on Colab, then: the data files found (most notebooks), or the whole
    notebook on the Hugging Face route with every exercise's solution (notebooks 6 and 7)."""
    work, env, calls = colab
    checks = data_file_checks(nbformat.read(notebook, 4))
    if has_two_backends(nbformat.read(notebook, 4)):
        nb = run_as_colab(notebook, work, env, solutions=True, then=checks)
        episode = (ROOT / "episodes" / f"{notebook.stem}.md").read_text()
        assert sorted(runner.exercise_labels(nb)) == sorted(set(re.findall(r"\.\./solutions/([\w-]+)\.py", episode)))
    else:
        nb = run_as_colab(notebook, work, env, cells=SET_UP, then=checks)  # the set-up cells, twice
    assert [p.name for p in work.iterdir() if p.name != "lesson"] == [notebook.name]  # no stray files
    setup = set_up(nb)
    assert bool(checks) == ('"git", "clone"' in setup.source)  # a notebook with data folders clones them
    assert re.findall(r'"([A-Za-z0-9_.-]+)==([^"]+)"', setup.source)  # it has pins to install on Colab
    # every pinned version is installed here, so the set-up cell runs no pip, twice: a rerun on
    # Colab prints no pip output (tests/test_colab_freeze.py checks what pip resolves there)
    assert not (calls.parent / "pip.log").exists()
    assert "Requirement already satisfied" not in text_of(setup)
    if '"git", "clone"' in setup.source:  # the data came from a clone, made once
        assert (work / "lesson" / ".git").is_dir()
    if has_two_backends(nb):  # notebooks 6 and 7: no Ollama here, so the in-notebook route
        assert "backend: huggingface" in text_of(setup), text_of(setup)
    if runner.route(nb) == "API":  # notebook 10: no Ollama and no key here, so no API
        assert "API: none" in text_of(setup), text_of(setup)
    if "embedding_id" in setup.source:  # episode 7 quotes all-MiniLM-L6-v2's vector size
        assert any("384 numbers per vector" in text_of(c) for c in nb.cells if c.cell_type == "code")
    assert not calls.exists() or "ollama.com" not in calls.read_text()  # nothing installed Ollama


@pytest.mark.parametrize("notebook", [p for p in NOTEBOOKS if servers.uses_ollama(p)],
                         ids=lambda p: p.stem)
def test_choosing_ollama_on_colab_installs_and_starts_it(notebook, colab):
    """BACKEND = "ollama" on Colab: zstd first, the install script, `ollama serve` with its log in
    a file, a wait until the API answers, the pulls; run twice, the second run installs nothing."""
    work, env, calls = colab
    choice = runner.route(nbformat.read(notebook, 4))  # "API" in notebook 10, "BACKEND" in 6 and 7
    try:
        nb = run_as_colab(notebook, work, env, cells=SET_UP, first_line=f'{choice} = "ollama"')
    except CellError as error:  # say what the server wrote, not only that it failed
        server_log = work / "ollama.log"
        raise AssertionError(server_log.read_text() if server_log.is_file() else "no ollama.log") from error
    setup = set_up(nb)
    log = calls.read_text().splitlines()
    assert [line.split()[0] for line in log].count("curl") == 1, log  # installed once, not twice
    apt = [i for i, line in enumerate(log) if line.startswith("apt-get") and "zstd" in line]
    if shutil.which("zstd", path=env["PATH"].split(os.pathsep, 1)[1]):  # this machine has zstd
        assert apt == [], log
    else:  # as on Colab: zstd is installed first, then Ollama's installer runs
        assert len(apt) == 1 and apt[0] < log.index(next(x for x in log if x.startswith("curl"))), log
    assert sum(line.startswith("ollama serve") for line in log) == 1, log
    assert (work / "ollama.log").is_file()
    assert f"{choice.lower()}: ollama" in text_of(setup).lower(), text_of(setup)  # it answered, with the models


def test_an_ollama_server_that_stops_is_reported_at_once(colab):
    """If `ollama serve` exits (here: its port is taken), the set-up cell says so within seconds,
    quoting the end of ollama.log, instead of waiting out its three minutes."""
    work, env, calls = colab
    broken = write_tool(calls.parent, "ollama-broken.sh", (
        '#!/bin/sh\necho "ollama $*" >> "$COLAB_LOG"\n'
        'echo "Error: listen tcp 127.0.0.1:11434: bind: address already in use"; exit 1\n'))
    env = {**env, "FAKE_OLLAMA": str(broken)}
    notebook = next(p for p in NOTEBOOKS if runner.has_two_backends(nbformat.read(p, 4)))
    started = time.monotonic()
    with pytest.raises(CellError) as error:
        run_as_colab(notebook, work, env, cells=0, first_line='BACKEND = "ollama"')
    assert time.monotonic() - started < 60
    assert "Ollama stopped as it started" in str(error.value) and "address already in use" in str(error.value)
