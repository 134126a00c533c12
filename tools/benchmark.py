"""Measure what the lesson costs to run: every notebook once, and the default model's speed.

    .venv/bin/python tools/benchmark.py            all notebooks, writes _build/benchmark.md
    .venv/bin/python tools/benchmark.py 02 07      only notebooks whose name contains 02 or 07

For each notebook: wall time and the kernel's peak memory (resident set size). Then the tokens
per second of SmolLM2-135M-Instruct generating through transformers (float32), next to the same
model in llama.cpp (the Q4_1 GGUF file the Ollama stand-in serves) as a reference. Notebooks
that use Ollama run against the Ollama stand-in (llm_lesson.ollama_standin), started here on a
free port. Run nothing else heavy at the same time: two busy processes on two cores distort
every number.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))  # run as a script: find tools/
from llm_lesson import models, servers  # noqa: E402
from tools import runner  # noqa: E402

OUT = ROOT / "_build" / "benchmark.md"
TARGETS = {"wall_s": 180, "peak_gb": 1.5, "peak_gb_training": 2.5, "peak_gb_full_fine_tuning": 3.0, "total_s": 840}
# Notebook 3 trains 8 layers; notebook 9 also fine-tunes every weight with AdamW, whose 12 bytes of
# training state per parameter (1.6 GB for SmolLM2-135M) on top of the model is the episode's point.


def run_notebook(path: Path) -> tuple[float, float]:
    """Execute the notebook with the lesson's runner; return (wall seconds, peak GB of the kernel)."""
    start = time.perf_counter()
    run = runner.run_notebook(path)
    return time.perf_counter() - start, run.peak_gb


def transformers_speed(new_tokens: int = 100) -> float:
    import torch
    from transformers import AutoModelForCausalLM, AutoTokenizer

    model_id = "HuggingFaceTB/SmolLM2-135M-Instruct"
    tokenizer = AutoTokenizer.from_pretrained(model_id)
    model = AutoModelForCausalLM.from_pretrained(model_id, dtype=torch.float32)
    inputs = tokenizer("Once upon a time", return_tensors="pt")
    model.generate(**inputs, max_new_tokens=5, do_sample=False)  # warm-up
    start = time.perf_counter()
    model.generate(**inputs, max_new_tokens=new_tokens, min_new_tokens=new_tokens, do_sample=False)
    return new_tokens / (time.perf_counter() - start)


def llama_cpp_speed(new_tokens: int = 100) -> float:
    from llama_cpp import Llama

    llm = Llama(model_path=str(models.model_path("smollm2-135m-instruct")), n_ctx=512,
                n_threads=os.cpu_count(), verbose=False)
    llm("Once upon a time", max_tokens=5)  # warm-up
    start = time.perf_counter()
    out = llm("Once upon a time", max_tokens=new_tokens, temperature=0,
              logit_bias={llm.token_eos(): -1e9})  # never stop early: time exactly new_tokens
    return out["usage"]["completion_tokens"] / (time.perf_counter() - start)


def main() -> None:
    os.environ["HF_HUB_OFFLINE"] = "1"
    wanted = sys.argv[1:]
    notebooks = [p for p in sorted((ROOT / "notebooks").glob("*.ipynb"))
                 if not wanted or any(w in p.name for w in wanted)]
    rows = []
    with servers.ollama_standin(log=ROOT / "_build" / "ollama-standin.log"):
        for path in notebooks:
            wall, peak = run_notebook(path)
            limit = {"03-training": TARGETS["peak_gb_training"],
                     "09-adapting": TARGETS["peak_gb_full_fine_tuning"]}.get(path.stem, TARGETS["peak_gb"])
            ok = wall <= TARGETS["wall_s"] and peak <= limit
            rows.append((path.stem, wall, peak, limit, ok))
            print(f"{path.stem:24} {wall:6.1f} s  {peak:5.2f} GB  {'ok' if ok else 'OVER TARGET'}",
                  flush=True)
    hf, cpp = transformers_speed(), llama_cpp_speed()
    total = sum(r[1] for r in rows)
    lines = [
        f"Measured {time.strftime('%Y-%m-%d')} on {platform.node() or 'this machine'}: "
        f"{os.cpu_count()} CPU cores, {platform.machine()}, Python {platform.python_version()}.",
        "",
        "| notebook | wall time | peak memory | target |",
        "| --- | --- | --- | --- |",
    ]
    for name, wall, peak, limit, ok in rows:
        lines.append(f"| {name} | {wall:.0f} s | {peak:.2f} GB | ≤ {TARGETS['wall_s']} s, ≤ {limit} GB"
                     f"{'' if ok else ' (missed)'} |")
    lines += [f"| total | {total:.0f} s | | ≤ {TARGETS['total_s']} s |", "",
              "| SmolLM2-135M-Instruct, 100 new tokens | tokens per second |", "| --- | --- |",
              f"| transformers, float32 (the notebooks) | {hf:.0f} |",
              f"| llama.cpp, Q4_1 GGUF (reference) | {cpp:.0f} |"]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(lines) + "\n")
    print("\n".join(lines))
    print(f"\nwritten to {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
