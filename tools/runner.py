"""The lesson's one notebook runner: every run of a notebook (the tests, Colab mode, the benchmark,
the figures) goes through this module, on public APIs only (jupyter_client's kernel manager and
client, Jupyter's messaging protocol, nbformat, jupyter-cache).

A `Kernel` is either one this module starts (`Kernel.start`, for `run_notebook`) or one another
client started (`Kernel.attach`: under pytest, nbval's kernel, which nbval starts and drives). The
kernel broadcasts every execution on its IOPub channel to every client that listens, so the
runner records nbval's cells as nbval runs them (`Kernel.next_execution`) without touching
nbval's internals, and then runs the exercises' solutions in the same kernel itself.

Both routes fill a `NotebookRun`: the executed notebook, each code cell's seconds, the kernel's
peak memory. A solution has one meaning everywhere: solutions/LABEL.py, checks included, runs
after the notebook's last cell, in the same kernel, for each cell tagged exercise:LABEL in order;
the copy of the notebook with each solution and its output in place of the learner's cell goes
to _build/solution-runs/. `NotebookRun.cache` is the only code that writes the website's
execution cache, with the call jupyter-cache's own executors make.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
import tempfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from queue import Empty

import nbformat

ROOT = Path(__file__).resolve().parents[1]
SOLUTIONS = ROOT / "solutions"
SOLUTION_RUNS = ROOT / "_build" / "solution-runs"
PEAK_KB = ("__import__('resource').getrusage(__import__('resource').RUSAGE_SELF).ru_maxrss"
           " // (1024 if __import__('sys').platform == 'darwin' else 1)")  # ru_maxrss: bytes on macOS
ANSI = re.compile(r"\x1b\[[0-9;]*m")


class CellError(Exception):
    """A cell raised an error, timed out, or its kernel died; the message says which, and how."""


class Kernel:
    """A running Jupyter kernel and this module's client of it."""

    def __init__(self, client, manager=None):
        self.client, self.manager = client, manager

    @classmethod
    @contextlib.contextmanager
    def start(cls, cwd: Path, env: dict | None = None, timeout: float = 60) -> Iterator[Kernel]:
        """A new python3 kernel working in `cwd`, with `env` (default: this process's); its
        connection file lies in a folder of its own, so it never looks like nbval's."""
        from jupyter_client import KernelManager

        with tempfile.TemporaryDirectory(prefix="lesson-kernel-") as folder:
            manager = KernelManager(kernel_name="python3", connection_file=str(Path(folder) / "kernel.json"))
            manager.start_kernel(cwd=str(cwd), env=dict(os.environ if env is None else env))
            client = manager.blocking_client()
            client.start_channels()
            try:
                client.wait_for_ready(timeout=timeout)
                yield cls(client, manager)
            finally:
                client.stop_channels()
                manager.shutdown_kernel(now=True)

    @classmethod
    def attach(cls, connection_file: Path, timeout: float = 30) -> Kernel:
        """Listen to a kernel that another client started, from before its first execution."""
        from jupyter_client import BlockingKernelClient

        client = BlockingKernelClient()
        client.load_connection_file(str(connection_file))
        client.start_channels()
        kernel = cls(client)
        kernel.wait_listening(timeout)
        return kernel

    def wait_listening(self, timeout: float) -> None:
        """Return once IOPub messages reach this client (a new subscriber misses the first ones)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            msg_id = self.client.kernel_info()
            with contextlib.suppress(Empty):
                while True:
                    msg = self.client.get_iopub_msg(timeout=0.5)
                    if msg["parent_header"].get("msg_id") == msg_id:
                        self._drain_shell()
                        return
        raise CellError(f"the kernel's messages did not reach the runner within {timeout:.0f} s")

    def _drain_shell(self) -> None:
        with contextlib.suppress(Empty):
            while True:
                self.client.get_shell_msg(timeout=0.2)

    def alive(self) -> bool:
        return self.manager.is_alive() if self.manager else self.client.is_alive()

    def close(self) -> None:
        """Stop listening (a kernel this module started stops when `start` ends)."""
        if self.manager is None:
            self.client.stop_channels()

    def execute(self, source: str, timeout: float = 600) -> tuple[list, int | None]:
        """Run `source`; return its outputs and execution count. Raises CellError."""
        msg_id = self.client.execute(source, allow_stdin=False)
        deadline = time.monotonic() + timeout
        while True:
            try:
                reply = self.client.get_shell_msg(timeout=1)
            except Empty:
                if not self.alive():
                    raise CellError(f"the kernel died while running:\n{source[:300]}") from None
                if time.monotonic() > deadline:
                    if self.manager:
                        self.manager.interrupt_kernel()
                    raise CellError(f"no result after {timeout:.0f} s from:\n{source[:300]}") from None
                continue
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        outputs, count = self._outputs_of(msg_id, timeout=30)
        error = next((o for o in outputs if o.output_type == "error"), None)
        if reply["content"]["status"] != "ok" or error:
            trace = ANSI.sub("", "\n".join(error.traceback)) if error else reply["content"].get("evalue", "")
            raise CellError(f"{source[:300]}\n...\n{trace}")
        return outputs, count

    def next_execution(self, timeout: float = 30) -> tuple[str, list, int | None]:
        """The next execution another client started, once it has finished: its code, outputs
        and execution count (read from the broadcast: execute_input, outputs, then idle)."""
        deadline = time.monotonic() + timeout
        while True:
            msg = self.client.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            if msg["msg_type"] == "execute_input":
                outputs, count = self._outputs_of(msg["parent_header"]["msg_id"], timeout)
                return msg["content"]["code"], outputs, msg["content"].get("execution_count", count)

    def _outputs_of(self, msg_id: str, timeout: float) -> tuple[list, int | None]:
        """The outputs of one execution, as a notebook stores them, read up to its idle status."""
        outputs, count, clear_next, deadline = [], None, False, time.monotonic() + timeout
        while True:
            try:
                msg = self.client.get_iopub_msg(timeout=max(0.1, deadline - time.monotonic()))
            except Empty:
                raise CellError(f"the kernel sent no end of its output within {timeout:.0f} s") from None
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            kind, content = msg["msg_type"], msg["content"]
            if kind == "status" and content["execution_state"] == "idle":
                return outputs, count
            if kind == "execute_input":
                count = content.get("execution_count")
            elif kind == "clear_output":
                if content.get("wait"):
                    clear_next = True
                else:
                    outputs = []
            elif kind in ("stream", "display_data", "execute_result", "error", "update_display_data"):
                if clear_next:
                    outputs, clear_next = [], False
                if kind == "update_display_data":
                    display_id = content.get("transient", {}).get("display_id")
                    for i, output in enumerate(outputs):
                        if display_id and output.get("metadata", {}).get("display_id") == display_id:
                            outputs[i] = nbformat.v4.new_output("display_data", content["data"], content["metadata"])
                    continue
                output = nbformat.v4.output_from_msg(msg)
                if kind == "display_data" and content.get("transient", {}).get("display_id"):
                    output.metadata["display_id"] = content["transient"]["display_id"]
                if kind == "execute_result":
                    count = content.get("execution_count", count)
                last = outputs[-1] if outputs else None
                if kind == "stream" and last is not None and last.output_type == "stream" and last.name == output.name:
                    last.text += output.text
                else:
                    outputs.append(output)

    def peak_gb(self) -> float | None:
        """The kernel's peak resident memory so far, in GB (None where `resource` is missing)."""
        msg_id = self.client.execute("", silent=True, store_history=False, user_expressions={"peak": PEAK_KB})
        while True:
            reply = self.client.get_shell_msg(timeout=30)
            if reply["parent_header"].get("msg_id") == msg_id:
                break
        value = reply["content"].get("user_expressions", {}).get("peak", {})
        return int(value["data"]["text/plain"]) / 1024**2 if value.get("status") == "ok" else None


def code_cells(nb) -> list[int]:
    """Indices in nb.cells of the code cells."""
    return [i for i, cell in enumerate(nb.cells) if cell.cell_type == "code"]


def exercise_label(cell) -> str | None:
    """LABEL for a cell tagged exercise:LABEL, else None."""
    tags = [t for t in cell.get("metadata", {}).get("tags", []) if t.startswith("exercise:")]
    return tags[0].removeprefix("exercise:") if tags else None


def exercise_labels(nb) -> list[str]:
    """The exercises' labels, in the notebook's order."""
    return [label for cell in nb.cells if cell.cell_type == "code" and (label := exercise_label(cell))]


def route(nb) -> str | None:
    """The route the notebook's choices cell offers, from its metadata (tools/setup_cells.py):
    "BACKEND" (Ollama or models inside the notebook), "API" (an OpenAI-compatible server), None."""
    return nb.metadata.get("lesson", {}).get("route")


def has_two_backends(nb) -> bool:
    """Notebooks 6 and 7: their choices cell picks Ollama or an in-notebook model (BACKEND). Their
    full run on the in-notebook route (tests/test_colab.py) hosts their solutions; for the others,
    the notebook's nbval run does."""
    return route(nb) == "BACKEND"


class NotebookRun:
    """One execution of one notebook in one kernel, as it is recorded."""

    def __init__(self, path: Path, nb=None):
        self.path = Path(path)
        self.nb = nb if nb is not None else nbformat.read(self.path, 4)
        self.seconds: dict[int, float] = {}  # cell index: seconds
        self.failed = False
        self.peak_gb: float | None = None
        self.solved: nbformat.NotebookNode | None = None  # the copy with the solutions in place

    @property
    def complete(self) -> bool:
        """Every code cell ran without an error."""
        return not self.failed and set(self.seconds) >= set(code_cells(self.nb))

    def record(self, index: int, outputs: list, count: int | None, seconds: float) -> None:
        cell = self.nb.cells[index]
        cell.outputs, cell.execution_count = outputs, count
        self.seconds[index] = seconds

    def run_cell(self, kernel: Kernel, index: int, timeout: float = 600) -> None:
        started = time.perf_counter()
        try:
            outputs, count = kernel.execute(self.nb.cells[index].source, timeout)
        except CellError:
            self.failed = True
            raise
        self.record(index, outputs, count, time.perf_counter() - started)

    def run_solution(self, kernel: Kernel, label: str, timeout: float = 600) -> list:
        """Run solutions/LABEL.py after the notebook's cells; keep it, with its outputs, in place
        of the learner's cell in _build/solution-runs/NAME.ipynb (rewritten as each one passes)."""
        if self.solved is None:
            self.solved = copy.deepcopy(self.nb)
            (SOLUTION_RUNS / self.path.name).unlink(missing_ok=True)
        path = SOLUTIONS / f"{label}.py"
        if not path.is_file():
            raise CellError(f"no solution file {path.relative_to(ROOT)} for the exercise {label}")
        source = path.read_text()
        outputs, count = kernel.execute(source, timeout)
        for cell in self.solved.cells:
            if cell.cell_type == "code" and exercise_label(cell) == label:
                cell.source, cell.outputs, cell.execution_count = source, outputs, count
        SOLUTION_RUNS.mkdir(parents=True, exist_ok=True)
        nbformat.write(self.solved, SOLUTION_RUNS / self.path.name)
        return outputs

    def summary(self) -> dict:
        return {"execution_seconds": round(sum(self.seconds.values()), 2),
                "cell_seconds": {str(i): round(s, 2) for i, s in sorted(self.seconds.items())},
                "peak_gb": None if self.peak_gb is None else round(self.peak_gb, 3)}

    def cache(self, cache: Path) -> None:
        """Store the executed notebook where `jupyter-book build` (execute_notebooks: cache)
        takes it from instead of executing it; tests/test_site_cache.py checks the hand-off."""
        from jupyter_cache import get_cache
        from jupyter_cache.base import CacheBundleIn

        if not self.complete:
            raise CellError(f"{self.path.name} did not run whole, so it cannot go to the site")
        cache.parent.mkdir(parents=True, exist_ok=True)
        get_cache(str(cache)).cache_notebook_bundle(
            CacheBundleIn(self.nb, str(self.path), data=self.summary()), check_validity=False, overwrite=True)


def run_notebook(path: Path, *, cwd: Path | None = None, env: dict | None = None, nb=None,
                 order: Iterable[int] | None = None, solutions: bool = False, then: str = "",
                 timeout: float = 600) -> NotebookRun:
    """Run a notebook in a new kernel: the code cells whose indices `order` lists (all, in
    order, by default), then each exercise's solution if asked, then the code `then`; record the
    peak memory. Raises CellError at the first failure."""
    run = NotebookRun(path, nb)
    with Kernel.start(cwd or run.path.parent, env) as kernel:
        for index in code_cells(run.nb) if order is None else order:
            run.run_cell(kernel, index, timeout)
        if solutions:
            for label in exercise_labels(run.nb):
                run.run_solution(kernel, label, timeout)
        if then:
            kernel.execute(then, timeout)
        run.peak_gb = kernel.peak_gb()
    return run


def write_summary(runs: dict[str, dict], path: Path) -> None:
    """Each notebook's seconds (in all and per cell) and peak memory, as JSON."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(runs, indent=1) + "\n")


def newest_kernel() -> Path | None:
    """The connection file of the newest Jupyter kernel this process started (the kernel spec's
    command line passes it after -f), or None."""
    import psutil

    found = []
    for child in psutil.Process().children():
        with contextlib.suppress(psutil.Error, ValueError, IndexError):
            argv = child.cmdline()
            path = Path(argv[argv.index("-f") + 1])
            if path.suffix == ".json" and path.is_file():
                found.append((child.create_time(), path))
    return max(found)[1] if found else None
