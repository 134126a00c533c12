"""Start the lesson's local servers for tests and maintainer tools, and always stop them.

    with ollama_standin(log=Path("_build/ollama-standin.log")) as host:
        ...  # OLLAMA_HOST is host:port of the stand-in until the block ends
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path


class ServerError(Exception):
    """A server did not start; the message says why and what to do."""


def uses_ollama(notebook: Path) -> bool:
    """True when a notebook talks to Ollama (so it needs a server, real or the stand-in), as its
    metadata says (`lesson`, written by tools/setup_cells.py)."""
    metadata = json.loads(Path(notebook).read_text(encoding="utf-8")).get("metadata", {})
    return bool(metadata.get("lesson", {}).get("ollama"))


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now, taken from 20000-32767: below
    the range the system hands out for port 0 (Linux 32768-60999, macOS and Windows 49152-65535),
    so a process started later (a Jupyter kernel binds five ports) cannot be given it first."""
    for port in random.SystemRandom().sample(range(20000, 32768), 200):  # unaffected by random.seed
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise ServerError("no free TCP port between 20000 and 32767 on 127.0.0.1")


def wait_until_up(url: str, process: subprocess.Popen, deadline_s: float, log: Path) -> None:
    """Return when `url` answers; raise ServerError if the process exits or time runs out."""
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if process.poll() is not None:
            lines = log.read_text(errors="replace").strip().splitlines() or ["(no output)"]
            raise ServerError(f"the server exited: {lines[-1]} (log: {log})")
        try:
            with urllib.request.urlopen(url, timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise ServerError(f"{url} did not answer within {deadline_s:.0f} s (log: {log})")


@contextlib.contextmanager
def ollama_standin(log: Path, deadline_s: float = 60) -> Iterator[str]:
    """Run llm_lesson.ollama_standin on a free port; set OLLAMA_HOST to it while the block runs.

    The server's output goes to `log`. It is stopped when the block ends, whatever happened.
    """
    port = free_port()
    log.parent.mkdir(parents=True, exist_ok=True)
    previous = os.environ.get("OLLAMA_HOST")
    with open(log, "w") as out:
        process = subprocess.Popen(
            [sys.executable, "-m", "llm_lesson.ollama_standin", "--port", str(port)],
            stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_until_up(f"http://127.0.0.1:{port}/", process, deadline_s, log)
        os.environ["OLLAMA_HOST"] = f"127.0.0.1:{port}"
        yield os.environ["OLLAMA_HOST"]
    finally:
        if previous is None:
            os.environ.pop("OLLAMA_HOST", None)
        else:
            os.environ["OLLAMA_HOST"] = previous
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
