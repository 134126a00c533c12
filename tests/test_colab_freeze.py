"""Each notebook's Colab install, resolved together with Colab's own packages, as pip on Colab
would meet them: no conflict, no Colab package replaced that the lesson does not name, and the
lesson's packages at the versions it was tested with.

tests/colab-freeze.txt holds Colab's versions (dated; README says how to refresh it). uv resolves
for Colab's Python and platform without having them: each notebook's `name==version` pins, plus
every Colab package the notebook does not name, pinned at Colab's version. A Colab package that
the install would have to replace (pip would replace it and print "ERROR: pip's dependency
resolver ...") makes the resolution fail, with uv's explanation. Needs PyPI (the registries are
reachable in CI), so it runs with the slow tests.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from llm_lesson.check_setup import pinned
from tools.setup_cells import is_setup

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))
FREEZE = ROOT / "tests" / "colab-freeze.txt"
PLATFORM = "x86_64-manylinux_2_28"  # Colab: Ubuntu 22.04 (glibc 2.35) on x86-64
LANGCHAIN_FAMILY = re.compile(r"^(langchain|langgraph|langsmith)")


def normal(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def colab_freeze() -> tuple[str, dict[str, str]]:
    """Colab's Python version and its packages (normalised name -> version)."""
    pins = {}
    for line in FREEZE.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[normal(name)] = version
    return pins.pop("python"), pins


def colab_install(path: Path) -> list[str]:
    """The `name==version` strings the notebook's set-up cell installs on Colab."""
    cells = [c for c in json.loads(path.read_text())["cells"] if c["cell_type"] == "code" and is_setup(c)]
    return re.findall(r'"([A-Za-z0-9_.-]+(?:\[[a-z,]+\])?==[^"]+)"', "".join(cells[-1]["source"]))


def resolve(requirements: list[str], python: str, tmp_path: Path) -> subprocess.CompletedProcess:
    infile = tmp_path / "colab.in"
    infile.write_text("\n".join(requirements) + "\n")
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or "uv"
    return subprocess.run(
        [uv, "pip", "compile", "--python-version", ".".join(python.split(".")[:2]),
         "--python-platform", PLATFORM, "--no-header", "--no-annotate", "--quiet", str(infile)],
        capture_output=True, text=True, timeout=300,
        env={**os.environ, "UV_PYTHON_DOWNLOADS": "never"})


def test_the_freeze_is_dated_and_names_the_packages_the_lesson_meets():
    python, freeze = colab_freeze()
    assert python.startswith("3.13")
    assert "20" in FREEZE.read_text().split("\n")[1]  # the source line carries its date
    for name in ["torch", "transformers", "huggingface-hub", "tokenizers", "langchain-core", "gradio"]:
        assert name in freeze, name


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_colab_install_keeps_colabs_packages_and_the_lessons_versions(path, tmp_path):
    python, freeze = colab_freeze()
    wanted = colab_install(path)
    named = {normal(re.split(r"[\[=]", pin)[0]) for pin in wanted}
    kept = {name: version for name, version in freeze.items() if name not in named}
    result = resolve(wanted + [f"{name}=={version}" for name, version in kept.items()], python, tmp_path)
    assert result.returncode == 0, (
        f"{path.name}: on Colab, pip would have to replace a package of Colab's that the notebook does not "
        f"name, or cannot install at all. Pin it in the set-up cell (tools/pins.py keeps the versions):\n"
        f"{result.stderr}")
    resolved = {normal(line.split("==")[0]): line.split("==")[1].split()[0]
                for line in result.stdout.splitlines() if "==" in line}
    lock = {normal(name): version for name, version in pinned().items()}
    direct = {normal(re.split(r"[\[=<>~ ]", line)[0]) for line in (ROOT / "requirements.in").read_text().splitlines()
              if line.strip() and not line.startswith("#")}
    uses_langchain = any(LANGCHAIN_FAMILY.match(name) for name in named)
    differs = {name: (version, lock[name]) for name, version in resolved.items()
               if name in lock and name not in kept and version != lock[name]
               and (name in named or name in direct or (LANGCHAIN_FAMILY.match(name) and uses_langchain))}
    assert not differs, (f"{path.name}: on Colab these would install versions the lesson was not tested with "
                         f"(resolved, lock): {differs}; pin them in the set-up cell")
