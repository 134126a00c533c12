"""Notebook 10's section 6 when no server can be used. nbval runs the section against the Ollama
stand-in; a learner without Ollama or a key must get one sentence, not a traceback. This runs the
section's cell as it stands, with the schema cell before it and a stand-in for the chat builder."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "10-structured-output.ipynb"


def cell(tag_or_text: str) -> str:
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    [found] = [c for c in cells if c["cell_type"] == "code" and (
        f"output:{tag_or_text}" in c.get("metadata", {}).get("tags", []) or tag_or_text in "".join(c["source"]))]
    return "".join(found["source"])


def run(source: str, namespace: dict) -> None:
    """Run a cell's source as the notebook does (without this file's `from __future__` import)."""
    exec(compile(source, str(NOTEBOOK), "exec", dont_inherit=True), namespace)


def run_api_section(api: str, url: str, capsys) -> dict:
    namespace = {"json": json, "time": time, "API": api, "API_MODEL": "smollm2:135m", "ollama_url": url,
                 "notes": ["Takes metformin 500 mg daily."] * 40, "results": {},
                 "messages": lambda note: [{"role": "user", "content": note}],
                 "parse": lambda reply: (None, "not reached")}
    run(cell("class Record(BaseModel)"), namespace)
    capsys.readouterr()  # what the schema cell printed
    run(cell("api-run"), namespace)
    return namespace


def test_no_api_chosen_says_so_in_one_sentence(capsys):
    namespace = run_api_section("none", "http://127.0.0.1:9", capsys)
    said = capsys.readouterr().out.strip()
    assert namespace["api"] is None and namespace["client"] is None
    assert said.startswith('API = "none": section 6 is skipped.') and said.count("\n") == 0


@pytest.mark.slow  # the client retries three times, a few seconds
@pytest.mark.timeout(60)
def test_a_server_that_does_not_answer_is_one_sentence(capsys):
    namespace = run_api_section("ollama", "http://127.0.0.1:9", capsys)  # port 9: nothing listens
    said = capsys.readouterr().out.strip().splitlines()
    assert namespace["api"] is None
    assert len(said) == 1 and said[0].startswith("No server answered at http://127.0.0.1:9/v1"), said
