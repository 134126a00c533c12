"""Test session set-up: offline Hugging Face, and the Ollama stand-in for the whole session.

The stand-in (tests/ollama_standin.py) starts before any test or notebook runs, on a free port
of 127.0.0.1. OLLAMA_HOST points at it, so the notebooks' Ollama clients reach it unchanged.
It is stopped when the session ends, whatever happened.
"""

from __future__ import annotations

import atexit
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
os.environ["HF_HUB_OFFLINE"] = "1"  # before anything imports huggingface_hub
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")

STANDIN = {"process": None, "host": None, "error": None}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_standin() -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "tests" / "ollama_standin.py"), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )
    STANDIN["process"] = process
    atexit.register(stop_standin)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            last_lines = (process.stdout.read() or "exited").strip().splitlines()
            STANDIN["error"] = "Ollama stand-in did not start: " + last_lines[-1]
            return
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1) as reply:
                if reply.status == 200:
                    STANDIN["host"] = f"127.0.0.1:{port}"
                    os.environ["OLLAMA_HOST"] = STANDIN["host"]
                    return
        except OSError:
            time.sleep(0.2)
    STANDIN["error"] = "Ollama stand-in did not answer within 30 s."


def stop_standin() -> None:
    process = STANDIN["process"]
    if process is not None and process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
    STANDIN["process"] = None


def pytest_configure(config):
    start_standin()


def pytest_unconfigure(config):
    stop_standin()


@pytest.fixture(scope="session")
def ollama_host() -> str:
    """host:port of the running stand-in; fails the test with the reason if it is not up."""
    if STANDIN["host"] is None:
        pytest.fail(STANDIN["error"] or "Ollama stand-in is not running.")
    return STANDIN["host"]


@pytest.fixture(scope="session")
def site() -> Path:
    """Build the website once per session, with warnings as errors; return _build/html."""
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run([str(jupyter_book), "build", str(ROOT), "--warningiserror", "--keep-going"],
                            capture_output=True, text=True, timeout=1800)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    return ROOT / "_build" / "html"
