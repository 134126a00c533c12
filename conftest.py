"""pytest set-up for tests/ and notebooks/ (here at the root so that its hooks reach both):

- Quick checks (lesson, data, model tool, set-up check) run first. Slow ones carry the `slow`
  marker and run after them in this order: the Ollama stand-in, the notebooks (nbval), the
  website build, the website in a browser. `pytest -m "not slow"` runs only the quick ones.
- The Ollama stand-in (llm_lesson/ollama_standin.py) starts the first time a test or notebook
  needs it, on a free port of 127.0.0.1, logging to _build/ollama-standin.log. OLLAMA_HOST points
  at it, so the notebooks' Ollama clients reach it unchanged. It stops when the session ends.
- Each notebook is executed once: when nbval has run every cell of a notebook without an error,
  the executed notebook goes into the website's execution cache (_build/.jupyter_cache), so the
  site build shows these outputs instead of executing the notebook a second time.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from llm_lesson import servers

ROOT = Path(__file__).resolve().parent
os.environ["HF_HUB_OFFLINE"] = "1"  # before anything imports huggingface_hub
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
STANDIN_LOG = ROOT / "_build" / "ollama-standin.log"
EXECUTION_CACHE = ROOT / "_build" / ".jupyter_cache"  # execute.cache_path of Jupyter Book 1
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


def pytest_collection_modifyitems(config, items):
    for item in items:
        if slow_rank(item):
            item.add_marker(pytest.mark.slow)
        if item.path.suffix == ".ipynb" and servers.uses_ollama(item.path):
            item.add_marker(pytest.mark.standin)
    items.sort(key=slow_rank)  # stable: quick tests keep their order, then the slow ones


def pytest_runtest_setup(item):
    if "standin" in item.keywords:
        standin_host()
    notebook = getattr(item, "parent", None)
    if item.path.suffix == ".ipynb" and not hasattr(notebook, "lesson_started"):
        notebook.lesson_started, notebook.lesson_failed = time.monotonic(), False


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Collect nbval's outputs into its notebook; cache the notebook once its last cell passed."""
    report = yield
    if item.path.suffix != ".ipynb" or report.when != "call" or not hasattr(item, "cell"):
        return report
    notebook = item.parent
    if report.failed or report.skipped or item.test_outputs is None:
        notebook.lesson_failed = True
        return report
    notebook.lesson_count = getattr(notebook, "lesson_count", 0) + 1
    item.cell.outputs = item.test_outputs
    item.cell.execution_count = notebook.lesson_count
    code_cells = [c for c in notebook.nb.cells if c.cell_type == "code"]
    if item.cell is code_cells[-1] and not notebook.lesson_failed:
        cache_executed_notebook(notebook.nb, item.path, time.monotonic() - notebook.lesson_started)
    return report


def cache_executed_notebook(nb, path: Path, seconds: float) -> None:
    """Store an executed notebook where `jupyter-book build` (execute_notebooks: cache) finds it."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    EXECUTION_CACHE.parent.mkdir(parents=True, exist_ok=True)
    get_cache(str(EXECUTION_CACHE)).cache_notebook_bundle(
        CacheBundleIn(nb, str(path), data={"execution_seconds": seconds}),
        check_validity=False, overwrite=True)


def pytest_unconfigure(config):
    _standin["stack"].close()


@pytest.fixture(scope="session")
def ollama_host() -> str:
    """host:port of the running stand-in (started for the first test that asks)."""
    return standin_host()


@pytest.fixture(scope="session")
def site(ollama_host) -> Path:
    """Build the website once per session, with warnings as errors; return _build/html.

    The old pages go first (a page that left the book must not linger); the execution cache
    stays, so notebooks that nbval has just run are not executed again."""
    shutil.rmtree(ROOT / "_build" / "html", ignore_errors=True)
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run([str(jupyter_book), "build", str(ROOT), "--warningiserror", "--keep-going"],
                            capture_output=True, text=True, timeout=1800)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    return ROOT / "_build" / "html"
