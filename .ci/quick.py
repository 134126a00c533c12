"""CI on the other systems README promises (macOS, Windows, Python 3.13): what a learner installs,
the learner's set-up check, and the quick tests. The full suite (notebooks, site, browser) runs on
Linux through .ci/run; this checks that the lesson installs and holds together everywhere else.

    python .ci/quick.py

Written in Python so that it runs the same on every system. The quick tests need the maintainers'
packages (requirements-dev.txt) except llama-cpp-python, the Ollama stand-in's engine, which only
the slow tests use and which would have to be compiled here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = ROOT / ".venv" / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
NOT_HERE = ("llama-cpp-python==",)


def run(*args: str | Path) -> None:
    print("==", " ".join(map(str, args)), flush=True)
    subprocess.run([str(a) for a in args], check=True, cwd=ROOT)


def main() -> None:
    run(sys.executable, "tools/setup.py", "learner")
    run(PYTHON, "-m", "llm_lesson.check_setup")
    lines = (ROOT / "requirements-dev.txt").read_text().splitlines()
    kept = [line for line in lines if not line.startswith(NOT_HERE)]
    with tempfile.TemporaryDirectory() as folder:
        dev = Path(folder) / "requirements-dev.txt"
        dev.write_text("\n".join(kept) + "\n")
        run(PYTHON, "-m", "pip", "install", "--progress-bar", "off", "-r", dev)
    run(PYTHON, "-m", "pytest", "-m", "not slow", "-q")


if __name__ == "__main__":
    main()
