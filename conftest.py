"""pytest set-up for tests/ and notebooks/ (here at the root so that its hooks reach both):

- Quick checks (lesson, data, model tool, set-up check) run first. Slow ones carry the `slow`
  marker and run after them in this order: the Ollama stand-in, the notebooks (nbval), the
  website build, the website in a browser. `pytest -m "not slow"` runs only the quick ones.
- The Ollama stand-in (llm_lesson/ollama_standin.py) starts the first time a test or notebook
  needs it, on a free port of 127.0.0.1, logging to _build/ollama-standin.log. OLLAMA_HOST points
  at it, so the notebooks' Ollama clients reach it unchanged. It stops when the session ends.
- Each notebook is executed once by nbval: when nbval has run every cell of a notebook without an
  error, the executed notebook goes into the website's execution cache (_build/.jupyter_cache), so
  the site build shows these outputs instead of executing the notebook a second time.
- The exercises' solutions run in that same execution: after the notebook's last cell, nbval runs
  solutions/LABEL.py (with the checks at its end) for each cell tagged `exercise:LABEL`, in order,
  in the same kernel; the site's copy is taken before them. The copy with the solutions in place of
  the learner's cells goes to _build/solution-runs/ (the reference numbers for the prose).
  Notebooks with two chat backends (BACKEND in the set-up cell: 6 and 7) are the exception: their
  solutions run in tests/test_colab.py, in the notebook's full run on the Hugging Face route.
"""

from __future__ import annotations

import contextlib
import copy
import os
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import nbformat
import pytest

from llm_lesson import servers
from tools.build_site import execution_cache

ROOT = Path(__file__).resolve().parent
os.environ["HF_HUB_OFFLINE"] = "1"  # before anything imports huggingface_hub
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
STANDIN_LOG = ROOT / "_build" / "ollama-standin.log"
EXECUTION_CACHE = execution_cache(ROOT)  # where Jupyter Book 1 looks (execute.cache_path)
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
_cached_this_session: set[str] = set()  # the notebooks whose nbval run went into the cache
SOLUTIONS = ROOT / "solutions"
SOLUTION_RUNS = ROOT / "_build" / "solution-runs"
_standin = {"stack": contextlib.ExitStack(), "host": None, "error": None}


def standin_host() -> str:
    """host:port of the Ollama stand-in, started on first use; fails the test if it cannot."""
    if _standin["host"] is None and _standin["error"] is None:
        try:
            _standin["host"] = _standin["stack"].enter_context(servers.ollama_standin(STANDIN_LOG))
        except servers.ServerError as exc:
            _standin["error"] = f"The Ollama stand-in did not start: {exc}"
    if _standin["error"]:
        pytest.fail(_standin["error"])
    return _standin["host"]


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: notebooks, the stand-in, the site (minutes)")
    config.addinivalue_line("markers", "standin: needs the Ollama stand-in")


def slow_rank(item) -> int:
    """0 for a quick test; for a slow one, its place in the order the slow ones run."""
    if item.path.suffix == ".ipynb":
        return 3
    if item.path.name in ("test_site.py", "test_browser.py"):
        return 4 if item.path.name == "test_site.py" else 5
    if "ollama_host" in getattr(item, "fixturenames", ()):
        return 1 if item.path.name == "test_ollama_standin.py" else 2
    return 2 if item.get_closest_marker("slow") else 0


def exercise_label(cell) -> str | None:
    """LABEL for a notebook cell tagged exercise:LABEL, else None."""
    tags = [t for t in cell.get("metadata", {}).get("tags", []) if t.startswith("exercise:")]
    return tags[0].removeprefix("exercise:") if tags else None


def has_two_backends(nb) -> bool:
    """Notebooks 6 and 7: their set-up cell chooses between Ollama and an in-notebook model."""
    setup = next(c for c in nb.cells if c.cell_type == "code")
    return "\nBACKEND = " in "\n" + setup.source


def solution_items(last_cell) -> list:
    """nbval items that run each exercise's solution file after the notebook's last cell."""
    from nbval.plugin import IPyNbCell

    notebook = last_cell.parent
    if has_two_backends(notebook.nb):
        return []
    items = []
    for cell_num, cell in enumerate(c for c in notebook.nb.cells if c.cell_type == "code"):
        label = exercise_label(cell)
        if label:
            path = SOLUTIONS / f"{label}.py"
            source = path.read_text() if path.is_file() else f"raise FileNotFoundError({str(path)!r})"
            solution = nbformat.v4.new_code_cell(source, metadata={"solution_of": label})
            item = IPyNbCell.from_parent(notebook, name=f"Solution {label}", cell_num=cell_num,
                                         cell=solution, options=defaultdict(bool, check=False))
            item.exercise_cell = cell
            items.append(item)
    return items


def pytest_collection_modifyitems(config, items):
    for item in items:
        if slow_rank(item):
            item.add_marker(pytest.mark.slow)
        if item.path.suffix == ".ipynb" and servers.uses_ollama(item.path):
            item.add_marker(pytest.mark.standin)
    items.sort(key=slow_rank)  # stable: quick tests keep their order, then the slow ones
    for index in reversed(range(len(items))):  # each notebook's solutions after its last cell
        item = items[index]
        if item.path.suffix == ".ipynb" and hasattr(item, "cell") and (
                index + 1 == len(items) or items[index + 1].parent is not item.parent):
            for offset, extra in enumerate(solution_items(item), 1):
                for marker in item.own_markers:  # slow, standin
                    extra.add_marker(getattr(pytest.mark, marker.name)(*marker.args, **marker.kwargs))
                items.insert(index + offset, extra)


def pytest_runtest_setup(item):
    if "standin" in item.keywords:
        standin_host()
    notebook = getattr(item, "parent", None)
    if item.path.suffix == ".ipynb" and not hasattr(notebook, "lesson_started"):
        notebook.lesson_started, notebook.lesson_failed = time.monotonic(), False
        if not has_two_backends(notebook.nb):  # this run writes the notebook's solution-run copy anew
            (SOLUTION_RUNS / item.path.name).unlink(missing_ok=True)
    if hasattr(item, "exercise_cell") and not hasattr(notebook, "solution_run"):
        pytest.skip("the notebook's own cells did not all run and pass here, so its solutions cannot run")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Collect nbval's outputs into its notebook; cache the notebook once its last cell passed."""
    report = yield
    if item.path.suffix != ".ipynb" or report.when != "call" or not hasattr(item, "cell"):
        return report
    notebook = item.parent
    if hasattr(item, "exercise_cell"):  # a solution, run after the notebook's last cell
        if report.passed and item.test_outputs is not None:
            item.cell.outputs = item.test_outputs
            save_solution_run(item)
        return report
    if report.failed or report.skipped or item.test_outputs is None:
        notebook.lesson_failed = True
        return report
    notebook.lesson_count = getattr(notebook, "lesson_count", 0) + 1
    item.cell.outputs = item.test_outputs
    item.cell.execution_count = notebook.lesson_count
    code_cells = [c for c in notebook.nb.cells if c.cell_type == "code"]
    if item.cell is code_cells[-1] and not notebook.lesson_failed:
        cache_executed_notebook(notebook.nb, item.path, time.monotonic() - notebook.lesson_started)
        notebook.solution_run = copy.deepcopy(notebook.nb)  # the solutions' copy starts from here
    return report


def save_solution_run(item) -> None:
    """Keep, for people to read, the executed notebook with this solution and its outputs in
    place of the learner's cell (the file grows as each solution passes)."""
    run = item.parent.solution_run
    for cell in run.cells:
        if cell.cell_type == "code" and exercise_label(cell) == item.cell.metadata["solution_of"]:
            cell.source, cell.outputs = item.cell.source, item.cell.outputs
    SOLUTION_RUNS.mkdir(parents=True, exist_ok=True)
    nbformat.write(run, SOLUTION_RUNS / item.path.name)


def cache_executed_notebook(nb, path: Path, seconds: float, cache: Path = EXECUTION_CACHE) -> None:
    """Store an executed notebook where `jupyter-book build` (execute_notebooks: cache) finds it.
    tests/test_site_cache.py round-trips a tiny book through this and the build."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    cache.parent.mkdir(parents=True, exist_ok=True)
    get_cache(str(cache)).cache_notebook_bundle(
        CacheBundleIn(nb, str(path), data={"execution_seconds": seconds}),
        check_validity=False, overwrite=True)
    _cached_this_session.add(path.name)


def pytest_unconfigure(config):
    _standin["stack"].close()


@pytest.fixture(scope="session")
def ollama_host() -> str:
    """host:port of the running stand-in (started for the first test that asks)."""
    return standin_host()


@pytest.fixture(scope="session")
def site() -> Path:
    """Build the website once per session as README says (tools/build_site.py: warnings as
    errors, old pages removed, the stand-in serving); return _build/html. The execution cache
    stays, so notebooks that nbval has just run are not executed again; when nbval has run them
    all, the build is told to fail if it executes any (--cached-only)."""
    # After a run of every notebook, the build must execute nothing: a cache miss fails it.
    cached_only = ["--cached-only"] if {p.name for p in NOTEBOOKS} <= _cached_this_session else []
    result = subprocess.run([sys.executable, str(ROOT / "tools" / "build_site.py"), *cached_only],
                            capture_output=True, text=True, timeout=1100)  # under pytest's 1200 s
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    return ROOT / "_build" / "html"
