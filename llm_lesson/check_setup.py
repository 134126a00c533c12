"""Check a learner's set-up and say how to fix what is missing.

    .venv/bin/python -m llm_lesson.check_setup

Each line is one check: OK, or MISSING with the command that fixes it. Nothing here crashes on a
missing piece: a package that is not installed is one more MISSING line. Exit status 0 when
everything the notebooks need by default is there (Ollama is only needed for episodes 6 and 7,
so a missing Ollama is reported but does not fail the check).
"""

from __future__ import annotations

import importlib.metadata
import sys
from pathlib import Path

from llm_lesson import models, python_problem

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ["torch", "transformers", "langchain-core", "langgraph", "langchain-ollama", "ipykernel"]
SETUP = "python tools/setup.py learner"


def pinned() -> dict[str, str]:
    """{package: version} from the learners' lock file, requirements.txt."""
    pins = {}
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].split(";")[0].strip()
        if "==" in line:
            name, version = line.split("==")
            pins[name.strip().lower().replace("_", "-")] = version.strip()
    return pins


def report(ok: bool, text: str, fix: str = "") -> bool:
    print(f"{'OK     ' if ok else 'MISSING'} {text}" + ("" if ok else f"\n        fix: {fix}"))
    return ok


def check_packages() -> bool:
    good, pins = True, pinned()
    for name in PACKAGES:
        try:
            version = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:
            good &= report(False, f"{name} is not installed",
                           f"{SETUP}  (or: pip install -r requirements.txt)")
            continue
        expected = pins.get(name)
        same = expected is None or version.split("+")[0] == expected
        good &= report(same, f"{name} {version}" + ("" if same else f" (the lesson pins {expected})"),
                       f"{SETUP}  (or: pip install -r requirements.txt)")
    return good


def check_device() -> None:
    try:
        import torch
    except ImportError:
        return  # already reported as a missing package
    device = ("cuda" if torch.cuda.is_available()
              else "mps" if torch.backends.mps.is_available() else "cpu")
    report(True, f"device: {device}"
           + (" (no GPU: the default models run fine on a CPU)" if device == "cpu" else ""))


def check_models() -> bool:
    good = True
    for model in models.load_manifest().values():
        if model.get("default") and model.get("offline", {}).get("install", "").startswith("hf-"):
            good &= report(models.model_on_disk(model["id"]), f"model {model['id']} on this machine",
                           f"{SETUP}  (offline copy), or let the first notebook download it")
    return good


def check_ollama() -> None:
    wanted = [m["id"] for m in models.load_manifest().values()
              if m["source"] == "ollama" and m.get("default")]
    try:
        import ollama

        available = {m.model for m in ollama.Client().list().models}
    except ImportError:
        report(False, "the ollama package (episodes 6 and 7)", SETUP)
        return
    except Exception:  # noqa: BLE001 - any failure means the server is not usable
        report(False, "Ollama server (optional: episodes 6 and 7 run without it)",
               "install it from https://ollama.com, then start it with `ollama serve`")
        return
    for name in wanted:
        present = name in available or f"{name}:latest" in available
        report(present, f"Ollama model {name}", f"ollama pull {name}")


def main() -> int:
    problem = python_problem()
    good = report(problem is None, f"Python {sys.version.split()[0]}", problem or "")
    good &= check_packages()
    check_device()
    good &= check_models()
    check_ollama()
    print("\nAll set." if good else "\nFix the MISSING lines above, then run this check again.")
    return 0 if good else 1


if __name__ == "__main__":
    sys.exit(main())
