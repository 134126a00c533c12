"""Notebooks 6 and 7 with BACKEND = "openai": the chat model speaks the OpenAI-compatible API to the
server in OPENAI_BASE_URL, here the Ollama stand-in's /v1 (as Ollama's own /v1 would), with a key
from the environment. Notebook 6 runs whole; notebook 7 up to its first answers, the cells that
build and use the chat model (its other cells do not depend on the route: they run in nbval and in
Colab mode). Without a key, the set-up cell stops with one sentence that says what to do.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest

from tools import runner

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]


def with_backend(path: Path, backend: str):
    nb = nbformat.read(path, 4)
    choices = nb.cells[runner.code_cells(nb)[0]]
    choices.source, found = re.subn(r'^BACKEND = .*$', f'BACKEND = "{backend}"', choices.source, flags=re.M)
    assert found == 1
    return nb


def printed(cell) -> str:
    return "".join(o.get("text", "") for o in cell.outputs if o.get("output_type") == "stream")


def test_notebook_6_chats_through_the_openai_api(ollama_host):
    path = ROOT / "notebooks" / "06-chatbots.ipynb"
    env = {**os.environ, "OPENAI_BASE_URL": f"http://{ollama_host}/v1", "OPENAI_API_KEY": "stand-in-needs-none"}
    run = runner.run_notebook(path, nb=with_backend(path, "openai"), env=env,
                              then='assert type(chat_model).__name__ == "ChatOpenAI", type(chat_model)')
    assert run.complete
    setup = run.nb.cells[runner.code_cells(run.nb)[1]]
    assert "backend: openai" in printed(setup)


def test_notebook_7_answers_through_the_openai_api(ollama_host):
    path = ROOT / "notebooks" / "07-rag.ipynb"
    nb = with_backend(path, "openai")
    first_answers = next(i for i, c in enumerate(nb.cells) if "output:first-answers" in c.metadata.get("tags", []))
    env = {**os.environ, "OPENAI_BASE_URL": f"http://{ollama_host}/v1", "OPENAI_API_KEY": "stand-in-needs-none"}
    run = runner.run_notebook(path, nb=nb, env=env, order=[i for i in runner.code_cells(nb) if i <= first_answers],
                              then='assert type(llm).__name__ == "ChatOpenAI", type(llm)')
    answers = printed(run.nb.cells[first_answers])
    assert answers.count("Sources:") >= 3, answers  # every question answered, with its sources


def test_without_a_key_the_set_up_says_what_to_do():
    path = ROOT / "notebooks" / "06-chatbots.ipynb"
    env = {k: v for k, v in os.environ.items() if k != "OPENAI_API_KEY"}
    nb = with_backend(path, "openai")
    with pytest.raises(runner.CellError, match="needs your key in the environment variable OPENAI_API_KEY"):
        runner.run_notebook(path, nb=nb, env=env, order=runner.code_cells(nb)[:2])
