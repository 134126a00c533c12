"""tools/check_setup.py: the learner's set-up check reports each item, with a fix when missing."""

import os
import socket
import subprocess
import sys
from pathlib import Path

TOOL = Path(__file__).resolve().parents[1] / "tools" / "check_setup.py"


def run(ollama_host):
    env = {**os.environ, "OLLAMA_HOST": ollama_host}
    return subprocess.run([sys.executable, str(TOOL)], capture_output=True, text=True, env=env,
                          timeout=120)


def test_everything_found_with_the_standin(ollama_host):
    result = run(ollama_host)
    assert result.returncode == 0, result.stdout
    assert "MISSING" not in result.stdout
    assert "OK      model HuggingFaceTB/SmolLM2-135M-Instruct" in result.stdout
    assert "OK      Ollama model smollm2:135m" in result.stdout


def test_a_missing_ollama_is_reported_with_its_fix():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = f"127.0.0.1:{s.getsockname()[1]}"  # nothing listens here once the socket closes
    result = run(closed)
    assert result.returncode == 0  # Ollama is optional for most episodes
    assert "MISSING Ollama server" in result.stdout and "ollama serve" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
