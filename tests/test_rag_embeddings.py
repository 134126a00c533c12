"""Episode 7's third embedding route: nomic-embed-text run inside the notebook by GPT4All.

The notebook's cell that builds `LocalNomic` runs here as it stands, in a fresh Python whose every
attempt to resolve a host name or open a socket is refused and recorded (an audit hook): it must load
the provisioned model file without asking the network. The same process checks the two facts the
episode gives for not using langchain-nomic's one line as it stands: that line asks gpt4all.io for
GPT4All's model list even when the file is on disk, and nomic 3.9.0's local route, told not to
download, stops on its second call. When a release changes either, these tests say so, and the
episode's callout needs a new sentence.
"""

from __future__ import annotations

import importlib.util
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "07-rag.ipynb"
MODEL_FILE = Path.home() / ".cache" / "gpt4all" / "nomic-embed-text-v1.5.f16.gguf"
MARKER = 'platform_machine == "x86_64" or platform_machine == "AMD64" or sys_platform == "darwin"'

PROBE = r'''
import json, sys
from pathlib import Path

calls = []

def no_network(event, args):
    if event in ("socket.getaddrinfo", "socket.connect", "socket.gethostbyname"):
        calls.append(f"{event} {args[0]!r}")
        raise OSError(f"no network in this test ({event})")

sys.addaudithook(no_network)
result = {}

namespace = {"Path": Path}
exec(sys.stdin.read(), namespace)  # the notebook's cell, as it stands
local = namespace["nomic_local"]
document, question = "The Wend footbridge reopened after storm repairs.", "How much did the footbridge cost?"
vectors = local.embed_documents([document, "Council tax rises."]) + [local.embed_query(question)]

def cosine(a, b):
    return sum(x * y for x, y in zip(a, b)) / (sum(x * x for x in a) * sum(y * y for y in b)) ** 0.5

# the same file run by llama.cpp (the Ollama stand-in's engine), with the task prefixes written out
from llama_cpp import Llama
by_hand = Llama(str(namespace["gpt4all_file"]), embedding=True, n_ctx=512, verbose=False)
result["cell"] = {"calls": calls[:], "sizes": [len(v) for v in vectors],
                  "document_cosine": cosine(vectors[0], by_hand.embed(f"search_document: {document}")),
                  "query_cosine": cosine(vectors[2], by_hand.embed(f"search_query: {question}"))}

calls.clear()
from langchain_nomic import NomicEmbeddings
try:
    NomicEmbeddings(model="nomic-embed-text-v1.5", inference_mode="local").embed_query("test")
    outcome = "embedded"
except Exception as exc:
    outcome = type(exc).__name__
result["one_line"] = {"calls": calls[:], "outcome": outcome}

calls.clear()
from nomic import embed
embed.text(["first"], inference_mode="local", allow_download=False)
try:
    embed.text(["second"], inference_mode="local", allow_download=False)
    outcome = "embedded"
except KeyError as exc:
    outcome = f"KeyError: {exc}"
result["nomic_twice"] = {"calls": calls[:], "outcome": outcome}
print("RESULT " + json.dumps(result))
'''


def gpt4all_cell() -> str:
    cells = json.loads(NOTEBOOK.read_text())["cells"]
    [source] = [s for s in ("".join(c["source"]) for c in cells if c["cell_type"] == "code")
                if "class LocalNomic(NomicEmbeddings)" in s]
    return source


@pytest.fixture(scope="module")
def probe():
    if importlib.util.find_spec("gpt4all") is None:
        pytest.skip("gpt4all is not installed (no wheel for this platform)")
    if not MODEL_FILE.is_file():
        pytest.skip(f"{MODEL_FILE} is missing: run .venv/bin/python -m llm_lesson.models provision")
    run = subprocess.run([sys.executable, "-c", PROBE], input=gpt4all_cell(), capture_output=True, text=True,
                         timeout=300, cwd=ROOT)
    line = next((line for line in run.stdout.splitlines() if line.startswith("RESULT ")), None)
    assert run.returncode == 0 and line, run.stdout[-2000:] + run.stderr[-4000:]
    return json.loads(line.removeprefix("RESULT "))


def test_the_notebooks_gpt4all_route_runs_without_the_network(probe):
    cell = probe["cell"]
    assert cell["calls"] == []  # no host name looked up, no socket opened
    assert cell["sizes"] == [768, 768, 768]
    # NomicEmbeddings' task types reach the model as nomic-embed-text's prefixes
    assert cell["document_cosine"] > 0.999 and cell["query_cosine"] > 0.999, cell


def test_the_one_line_as_it_stands_asks_gpt4all_io(probe):
    one_line = probe["one_line"]
    assert one_line["outcome"] != "embedded"
    assert any("gpt4all.io" in call for call in one_line["calls"]), one_line


def test_nomic_embed_text_told_not_to_download_stops_on_its_second_call(probe):
    twice = probe["nomic_twice"]
    assert twice["calls"] == []
    assert twice["outcome"] == "KeyError: 'filename'", twice


def test_the_gpt4all_route_is_pinned_where_gpt4all_has_wheels():
    pins = {}
    for line in (ROOT / "requirements.in").read_text().splitlines():
        match = re.match(r"([\w-]+)==(\S+)\s*;\s*(.+)", line)
        if match:
            pins[match[1]] = (match[2], match[3].strip())
    assert pins["langchain-nomic"] == ("1.0.1", MARKER)
    assert pins["nomic"] == ("3.9.0", MARKER)
    assert pins["gpt4all"] == ("2.8.2", MARKER)
