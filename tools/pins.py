"""Compile the lesson's pins from the two short input files, and carry them into the notebooks.

    .venv/bin/python tools/pins.py                            recompile both locks
    .venv/bin/python tools/pins.py --upgrade-package tqdm    newest tqdm the other pins allow

To change a pin named in an .in file, edit the .in file and run the first command.

requirements.in      -> requirements.txt       what learners install (the notebooks)
requirements-dev.in  -> requirements-dev.txt   what maintainers and CI add (site, tests, linters)

Both are resolved by `uv pip compile --universal`, so one lock serves Linux, macOS and Windows
on Python 3.11-3.13 (with environment markers where they differ). torch's CUDA packages are left
out of the lock: torch pins them itself, and a CPU-only install must not fetch them. Then
tools/setup_cells.py rewrites the notebooks' set-up cells, whose Colab install lines take their
versions from the learners' lock (tests/test_notebook_setup.py checks that they are up to date).
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: find tools/
from tools import setup_cells, type_along  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
LOCKS = [("requirements.in", "requirements.txt"), ("requirements-dev.in", "requirements-dev.txt")]
CUDA_ONLY = re.compile(r"^(nvidia-[\w-]+|cuda-[\w-]+|triton)==")


def compile_lock(source: str, target: str, extra: list[str]) -> None:
    uv = Path(sys.executable).with_name("uv")
    subprocess.run([str(uv), "pip", "compile", "--universal", "--python-version", "3.11",
                    "--quiet", "--custom-compile-command", "python tools/pins.py",
                    source, "-o", target, *extra], cwd=ROOT, check=True)
    path = ROOT / target
    kept, skip = [], False
    for line in path.read_text().splitlines():
        if CUDA_ONLY.match(line):
            skip = True  # drop the pin and its "# via" lines
            continue
        if skip and line.startswith("    #"):
            continue
        skip = False
        kept.append(line)
    path.write_text("\n".join(kept) + "\n")
    print(f"compiled {target}")


def main(argv: list[str]) -> None:
    for source, target in LOCKS:
        compile_lock(source, target, argv)
    setup_cells.main([])
    type_along.main([])  # the type-along copies follow their notebooks


if __name__ == "__main__":
    main(sys.argv[1:])
