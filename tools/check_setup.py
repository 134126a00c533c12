"""Check a learner's set-up and say how to fix what is missing.

    .venv/bin/python tools/check_setup.py

Each line is one check: OK, or what is missing and the command that fixes it. Exit status 0 when
everything the notebooks need by default is there (Ollama is only needed for episodes 6 and 7,
so a missing Ollama is reported but does not fail the check).
"""

from __future__ import annotations

import importlib.metadata
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["torch", "transformers", "langchain-core", "langgraph", "langchain-ollama", "jupyter-book"]
HF_MODELS = ["HuggingFaceTB/SmolLM2-135M-Instruct"]
OLLAMA_MODELS = ["smollm2:135m", "nomic-embed-text"]


def pinned() -> dict[str, str]:
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        if "==" in line and not line.startswith("#"):
            name, version = line.split("==")
            pins[name.lower().replace("_", "-")] = version.strip()
    return pins


def report(ok: bool, text: str, fix: str = "") -> bool:
    print(f"{'OK     ' if ok else 'MISSING'} {text}" + ("" if ok else f"\n        fix: {fix}"))
    return ok


def main() -> int:
    good = report(sys.version_info[:2] >= (3, 10), f"Python {sys.version.split()[0]}",
                  "install Python 3.11 (python.org, or your package manager)")
    pins = pinned()
    for name in PACKAGES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            good &= report(False, f"{name} is not installed", "bash tools/setup.sh")
            continue
        expected = pins.get(name)
        same = expected is None or version.split("+")[0] == expected
        good &= report(same, f"{name} {version}" + ("" if same else f" (the lesson pins {expected})"),
                       "bash tools/setup.sh  (or: .venv/bin/pip install -r requirements.txt)")

    import torch

    device = "cuda" if torch.cuda.is_available() else "mps" if torch.backends.mps.is_available() else "cpu"
    report(True, f"device: {device}" + (" (no GPU: the default models run fine on a CPU)" if device == "cpu" else ""))

    hf_home = Path(os.environ.get("HF_HOME", Path.home() / ".cache" / "huggingface"))
    hub = Path(os.environ.get("HF_HUB_CACHE", hf_home / "hub"))
    for model in HF_MODELS:
        present = (hub / ("models--" + model.replace("/", "--")) / "refs" / "main").is_file()
        good &= report(present, f"model {model} on this machine",
                       "bash tools/setup.sh  (offline copy), or let the first notebook download it")

    try:
        import ollama

        available = {m.model for m in ollama.Client().list().models}
    except Exception:  # noqa: BLE001 - any failure means the server is not usable
        report(False, "Ollama server (episodes 6 and 7)",
               "install it from https://ollama.com, then start it with `ollama serve`")
    else:
        for model in OLLAMA_MODELS:
            present = model in available or f"{model}:latest" in available
            report(present, f"Ollama model {model}", f"ollama pull {model}")
    print("\nAll set." if good else "\nFix the MISSING lines above, then run this check again.")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
