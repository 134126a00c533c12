"""Notebook 9's second route to the 4-bit GGUF numbers. Where llama-cpp-python is installed (as
here) the notebook measures the file; where it is not (Colab, a learner's set-up) the same cell
shows the measurement stored in data/llama-cpp-q4_1.json. nbval runs the first route; this runs
the notebook's cell as it stands with llama_cpp made unimportable, as on Colab."""

from __future__ import annotations

import json
import math
import os
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "09-adapting.ipynb"
STORED = ROOT / "data" / "llama-cpp-q4_1.json"


def gguf_cell() -> str:
    cells = ["".join(c["source"]) for c in json.loads(NOTEBOOK.read_text())["cells"] if c["cell_type"] == "code"]
    [cell] = [c for c in cells if "def measure_gguf" in c]
    return cell


def test_without_llama_cpp_the_notebook_shows_the_stored_measurement(monkeypatch, capsys):
    torch = pytest.importorskip("torch")
    monkeypatch.setitem(sys.modules, "llama_cpp", None)  # as where it is not installed: ModuleNotFoundError
    namespace = {"Path": Path, "os": os, "json": json, "math": math, "time": time, "torch": torch,
                 "heldout": "Some text.", "data_dir": ROOT / "data", "table": {}}
    exec(gguf_cell(), namespace)
    stored = json.loads(STORED.read_text())
    assert namespace["gguf"] == stored
    assert namespace["table"]["Q4_1 GGUF, llama.cpp"] == (4, stored["mb"], stored["tokens_per_s"],
                                                         stored["perplexity"], None, None, None)
    said = capsys.readouterr().out
    assert "Not measured here (ModuleNotFoundError)" in said and stored["measured"] in said


def test_the_stored_measurement_says_what_and_when():
    stored = json.loads(STORED.read_text())
    assert set(stored) == {"mb", "tokens_per_s", "perplexity", "measured"}
    assert 90 < stored["mb"] < 110 and stored["tokens_per_s"] > 0 and stored["perplexity"] > 1
    assert "llama-cpp-python" in stored["measured"] and "20" in stored["measured"]  # the version and the year
