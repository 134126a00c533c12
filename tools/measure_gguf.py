"""Measure the 4-bit GGUF file of notebook 9 with llama.cpp and store the result for machines without it.

    .venv/bin/python tools/measure_gguf.py

Notebook 9 (section 6) measures SmolLM2's Q4_1 GGUF file with llama-cpp-python where that is
installed (the maintainers' set-up installs it). Learners' set-ups and Colab do not have it, so
the notebook shows the measurement stored in data/llama-cpp-q4_1.json instead, and says whose it
is. This tool writes that file, running the notebook's own `measure_gguf` on the notebook's own
held-out text, on the file the lesson's set-up provisions. Run it on a quiet machine (nothing else
busy) after a change to the file, to llama-cpp-python or to the held-out text; the notebook checks,
wherever it measures, that the stored size and perplexity still hold.
"""

from __future__ import annotations

import ast
import datetime
import json
import os
import platform
from importlib.metadata import version
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "notebooks" / "09-adapting.ipynb"
STORED = ROOT / "data" / "llama-cpp-q4_1.json"


def notebook_definitions(names: set[str]) -> str:
    """The source of the notebook's top-level statements that define `names`."""
    found = []
    for cell in json.loads(NOTEBOOK.read_text())["cells"]:
        if cell["cell_type"] != "code" or "setup" in cell["metadata"].get("tags", []):
            continue
        source = "".join(cell["source"])
        for node in ast.parse(source).body:
            defined = {node.name} if isinstance(node, ast.FunctionDef) else {
                t.id for t in getattr(node, "targets", []) if isinstance(t, ast.Name)}
            if defined & names:
                found.append(ast.get_source_segment(source, node))
    return "\n\n".join(found)


def main() -> None:
    import math
    import time

    import torch

    from llm_lesson.models import lesson_cache

    namespace = {"math": math, "time": time, "torch": torch, "Path": Path, "os": os}
    exec(notebook_definitions({"measure_gguf", "heldout"}), namespace)
    path = lesson_cache() / "gguf" / "SmolLM2-135M-Instruct.Q4_1.gguf"
    result = namespace["measure_gguf"](path, namespace["heldout"])
    today = datetime.date.today()
    result["measured"] = (f"a {os.cpu_count()}-core {platform.machine()} {platform.system()} machine with "
                          f"llama-cpp-python {version('llama-cpp-python')}, {today.day} {today:%B %Y}")
    STORED.write_text(json.dumps(result, indent=2) + "\n")
    print(f"wrote {STORED.relative_to(ROOT)}: {result}")


if __name__ == "__main__":
    main()
