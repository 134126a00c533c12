"""pytest set-up for tests/ and notebooks/ (here at the root so that its hooks reach both):

- Quick checks (lesson, data, model tool, set-up check) run first. Slow ones carry the `slow`
  marker and run after them in this order: the Ollama stand-in, the notebooks (nbval), the
  website build, the website in a browser. `pytest -m "not slow"` runs only the quick ones.
- The Ollama stand-in (llm_lesson/ollama_standin.py) starts the first time a test or notebook
  needs it, on a free port of 127.0.0.1, logging to _build/ollama-standin.log. OLLAMA_HOST points
  at it, so the notebooks' Ollama clients reach it unchanged. It stops when the session ends.
- nbval executes each notebook once and reports each cell. The lesson's runner
  (tools/runner.py) listens to nbval's kernel as it runs, through the kernel's own broadcast
  (the kernel's command line names its connection file), and records each cell's outputs and
  seconds. When every cell has passed, the executed
  notebook goes into the website's execution cache, so the site build shows these outputs
  instead of executing the notebook a second time.
- Then the exercises' solutions run, one test each, after the notebook's last cell in the same
  kernel (tools/runner.py: solutions/LABEL.py with the checks at its end, for each cell tagged
  `exercise:LABEL`); the copy with the solutions in place of the learner's cells goes to
  _build/solution-runs/ (the reference numbers for the prose). Notebooks 6 and 7 host theirs in
  their full run on the in-notebook route instead (tests/test_colab.py).
- Each notebook's seconds (per cell) and peak memory go to _build/notebook-runs.json.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

from llm_lesson import servers
from tools import runner
from tools.build_site import execution_cache

ROOT = Path(__file__).resolve().parent
os.environ["HF_HUB_OFFLINE"] = "1"  # before anything imports huggingface_hub
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
STANDIN_LOG = ROOT / "_build" / "ollama-standin.log"
EXECUTION_CACHE = execution_cache(ROOT)  # where Jupyter Book 1 looks (execute.cache_path)
RUN_SUMMARY = ROOT / "_build" / "notebook-runs.json"
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
_cached_this_session: set[str] = set()  # the notebooks whose run went into the cache
_summaries: dict[str, dict] = {}
_standin = {"stack": contextlib.ExitStack(), "host": None, "error": None}
RUN = pytest.StashKey[dict]()  # on a notebook's collector: its run, kernel, code cells, cells seen


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


class Solution(pytest.Item):
    """An exercise's solution, run by the lesson's runner after its notebook's last cell."""

    def __init__(self, *, label: str, **kwargs):
        super().__init__(**kwargs)
        self.label = label

    def runtest(self):
        state = self.parent.stash.get(RUN, None)
        if state is None or not state["run"].complete:
            pytest.skip("the notebook's own cells did not all run and pass here, so its solutions cannot run")
        state["run"].run_solution(state["kernel"], self.label, timeout=300)

    def repr_failure(self, excinfo):
        if isinstance(excinfo.value, runner.CellError):
            return f"solutions/{self.label}.py failed in its notebook's kernel:\n{excinfo.value}"
        return super().repr_failure(excinfo)

    def reportinfo(self):
        return self.path, None, f"solution {self.label}"


def is_notebook_cell(item) -> bool:
    return item.path.suffix == ".ipynb" and not isinstance(item, Solution)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if slow_rank(item):
            item.add_marker(pytest.mark.slow)
        if item.path.suffix == ".ipynb" and servers.uses_ollama(item.path):
            item.add_marker(pytest.mark.standin)
    items.sort(key=slow_rank)  # stable: quick tests keep their order, then the slow ones
    for index in reversed(range(len(items))):  # each notebook's solutions after its last cell
        item = items[index]
        if is_notebook_cell(item) and (index + 1 == len(items) or items[index + 1].parent is not item.parent):
            nb = runner.NotebookRun(item.path).nb
            if runner.has_two_backends(nb):
                continue
            for offset, label in enumerate(runner.exercise_labels(nb), 1):
                extra = Solution.from_parent(item.parent, name=f"Solution {label}", label=label)
                for marker in item.own_markers:  # slow, standin
                    extra.add_marker(getattr(pytest.mark, marker.name)(*marker.args, **marker.kwargs))
                items.insert(index + offset, extra)


def pytest_runtest_setup(item):
    if "standin" in item.keywords:
        standin_host()


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_call(item):
    """Before nbval runs a notebook's first cell (nbval started its kernel in the set-up): listen."""
    if not is_notebook_cell(item) or RUN in item.parent.stash:
        return
    run = runner.NotebookRun(item.path)
    state = item.parent.stash[RUN] = {"run": run, "kernel": None, "cells": runner.code_cells(run.nb), "seen": 0}
    if not runner.has_two_backends(run.nb):  # this run writes the notebook's solution-run copy anew
        (runner.SOLUTION_RUNS / item.path.name).unlink(missing_ok=True)
    connection_file = runner.newest_kernel()  # the kernel nbval has just started for this notebook
    if connection_file:
        state["kernel"] = runner.Kernel.attach(connection_file)
    else:
        run.failed = True


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Record each cell as nbval ran it; cache the notebook once its last cell has passed."""
    report = yield
    if not is_notebook_cell(item) or report.when != "call" or RUN not in item.parent.stash:
        return report
    state = item.parent.stash[RUN]
    run, kernel = state["run"], state["kernel"]
    if report.skipped or kernel is None:
        run.failed = True
        return report
    index = state["cells"][state["seen"]]
    state["seen"] += 1
    if run.failed:
        return report
    try:
        source, outputs, _ = kernel.next_execution()
    except Exception:  # noqa: BLE001 - the kernel went away: the run stays out of the cache
        run.failed = True
        return report
    if source != run.nb.cells[index].source or report.failed:  # e.g. -k ran a subset of the cells
        run.failed = True
        return report
    run.record(index, outputs, state["seen"], report.duration)  # nbval keeps no history: count here
    if index == state["cells"][-1] and run.complete:
        run.peak_gb = kernel.peak_gb()
        run.cache(EXECUTION_CACHE)
        _cached_this_session.add(item.path.name)
        _summaries[item.path.name] = run.summary()
        runner.write_summary(_summaries, RUN_SUMMARY)
    return report


def pytest_runtest_teardown(item, nextitem):
    """Stop listening when the notebook's last test is done (nbval stops its kernel then)."""
    state = item.parent.stash.get(RUN, None) if item.path.suffix == ".ipynb" else None
    if state and state["kernel"] and (nextitem is None or nextitem.parent is not item.parent):
        state["kernel"].close()
        state["kernel"] = None


def pytest_terminal_summary(terminalreporter):
    """Where the notebooks spent their time: the slowest cells of this run (a learner waits on
    each; the lesson aims at 30 s at most) and each notebook's peak memory."""
    if not _summaries:
        return
    cells = sorted(((seconds, name, index) for name, run in _summaries.items()
                    for index, seconds in run["cell_seconds"].items()), reverse=True)
    terminalreporter.section("notebook runs (details: _build/notebook-runs.json)")
    terminalreporter.line("slowest cells: " + ", ".join(
        f"{name.removesuffix('.ipynb')} cell {index} {seconds:.0f} s" for seconds, name, index in cells[:5]))
    terminalreporter.line("peak memory: " + ", ".join(
        f"{name[:2]} {run['peak_gb']:.2f} GB" for name, run in _summaries.items() if run["peak_gb"]))


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
