"""Code shared by the lesson's learners, its maintainers and its tests.

    python -m llm_lesson.models          put the models in place (offline from PyPI, or a kit)
    python -m llm_lesson.check_setup     check a set-up, with a fix for every missing piece
    python -m llm_lesson.ollama_standin  Ollama's HTTP API over llama.cpp, for machines without Ollama

`python tools/setup.py` installs this package into .venv (editable), so these work from anywhere.
This file imports nothing beyond the standard library and runs on any Python 3, so that the
set-up can ask it about the Python version before anything else.
"""

from __future__ import annotations

import sys

PYTHONS = ((3, 11), (3, 12), (3, 13))  # the versions the lesson supports


def python_problem(version: tuple | None = None) -> str | None:
    """None for a supported Python (this one, or `version`), else one sentence saying what to do."""
    version = tuple(version or sys.version_info[:2])
    if version in PYTHONS:
        return None
    names = [f"{major}.{minor}" for major, minor in PYTHONS]
    names = ", ".join(names[:-1]) + " or " + names[-1]
    return (f"Python {version[0]}.{version[1]} is not supported: install Python {names} "
            f"(python.org, or your package manager) and run the set-up with it.")
