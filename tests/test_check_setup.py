"""llm_lesson.check_setup: the set-up check reports each item, with a fix when missing, and never
crashes; the set-up and the check agree on the supported Python versions."""

import importlib.metadata
import os
import subprocess
import sys

import pytest

import llm_lesson
from llm_lesson import check_setup, servers


def run(ollama_host):
    env = {**os.environ, "OLLAMA_HOST": ollama_host}
    return subprocess.run([sys.executable, "-m", "llm_lesson.check_setup"], capture_output=True,
                          text=True, env=env, timeout=120)


def test_everything_found_with_the_standin(ollama_host):
    result = run(ollama_host)
    assert result.returncode == 0, result.stdout
    assert "MISSING" not in result.stdout
    assert "OK      model HuggingFaceTB/SmolLM2-135M-Instruct on this machine" in result.stdout
    assert "OK      Ollama model smollm2:135m" in result.stdout


def test_a_missing_ollama_is_reported_with_its_fix():
    closed = f"127.0.0.1:{servers.free_port()}"  # nothing listens there
    result = run(closed)
    missing = [line for line in result.stdout.splitlines() if line.startswith("MISSING")]
    # Ollama is optional for most episodes: its absence alone does not fail the check (models
    # not yet provisioned, on a fresh clone, do)
    assert result.returncode == (0 if all("Ollama" in line for line in missing) else 1), result.stdout
    assert "MISSING Ollama server" in result.stdout and "ollama serve" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr


def test_a_missing_package_is_a_line_with_its_fix_not_a_crash(monkeypatch, capsys):
    real_version = importlib.metadata.version

    def version(name):
        if name == "torch":
            raise importlib.metadata.PackageNotFoundError(name)
        return real_version(name)

    monkeypatch.setattr(importlib.metadata, "version", version)
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now raises ImportError
    monkeypatch.setattr(check_setup, "check_ollama", lambda: None)
    assert check_setup.main() == 1
    out = capsys.readouterr().out
    assert "MISSING torch is not installed" in out and "fix: python tools/setup.py learner" in out
    assert "device:" not in out  # no torch, no device line, and no traceback


@pytest.mark.parametrize("version, supported", [((3, 10), False), ((3, 11), True), ((3, 12), True),
                                                ((3, 13), True), ((3, 14), False)])
def test_supported_pythons(version, supported):
    problem = llm_lesson.python_problem(version)
    assert (problem is None) == supported
    if problem:
        assert problem.count(". ") == 0 and "3.11, 3.12 or 3.13" in problem  # one sentence


def test_setup_refuses_an_unsupported_python_with_one_sentence(tmp_path):
    """tools/setup.py asks llm_lesson before it creates anything; run it as Python 3.10 would."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    code = ("import runpy, sys; sys.version_info = (3, 10, 0); "
            f"sys.argv = ['setup.py']; runpy.run_path({os.path.join(root, 'tools', 'setup.py')!r}, "
            "run_name='__main__')")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.strip().startswith("Python 3.10 is not supported")
    assert "Traceback" not in result.stderr


def test_the_checked_packages_are_in_the_learners_lock():
    assert set(check_setup.PACKAGES) <= set(check_setup.pinned())
