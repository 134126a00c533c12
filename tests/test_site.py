"""The website: Jupyter Book builds with warnings as errors, and the pages carry what they must.

The build executes the notebooks (cached in _build/.jupyter_cache), so the notebook pages show
real outputs. The browser-level checks of the built site live in their own tests.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
HTML = ROOT / "_build" / "html"
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO = CONFIG["repository"]["url"].rstrip("/").removeprefix("https://github.com/")
EPISODES = sorted(p.stem for p in (ROOT / "episodes").glob("[0-9][0-9]-*.md"))


@pytest.fixture(scope="module")
def site() -> Path:
    jupyter_book = Path(sys.executable).with_name("jupyter-book")
    result = subprocess.run([str(jupyter_book), "build", str(ROOT), "--warningiserror",
                             "--keep-going"], capture_output=True, text=True, timeout=1800)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output[-5000:]
    assert "build succeeded" in output and "warning" not in output.split("build succeeded")[1][:50]
    return HTML


def page(site: Path, name: str) -> str:
    return (site / f"{name}.html").read_text()


def test_every_page_is_built(site):
    for name in ["index", "learners/setup"] + [f"episodes/{e}" for e in EPISODES] + \
            [f"notebooks/{e}" for e in EPISODES]:
        assert (site / f"{name}.html").is_file(), name


@pytest.mark.parametrize("episode", EPISODES)
def test_episode_page_shows_its_blocks(site, episode):
    html = page(site, f"episodes/{episode}")
    for block in ("questions", "objectives", "keypoints"):
        assert f'class="{block} admonition"' in html, block
    assert html.count('class="solution dropdown') >= 2  # solutions start folded
    assert re.search(r'<div class="exercise admonition"', html)
    for img in re.findall(r"<img [^>]*>", html):
        assert re.search(r'alt="[^"]{15,}"', img), img
        src = re.search(r'src="([^"]+)"', img).group(1)
        assert (site / "episodes" / src).resolve().is_file(), src
    assert f'href="../notebooks/{episode}.html"' in html


@pytest.mark.parametrize("episode", EPISODES)
def test_notebook_page_has_real_outputs_and_colab_button(site, episode):
    html = page(site, f"notebooks/{episode}")
    assert html.count('class="cell_output') >= 5, "the notebook was not executed at build"
    assert "Traceback" not in html
    colab = f"https://colab.research.google.com/github/{REPO}/blob/main/notebooks/{episode}.ipynb"
    assert colab in html  # the launch button, and the link in the first cell


def test_first_notebook_shows_the_model_facts(site):
    html = page(site, "notebooks/01-introduction")
    assert "134,515,008 parameters" in html
    assert "LlamaForCausalLM" in html


def test_styles_for_the_lesson_blocks_are_included(site):
    assert (site / "_static" / "lesson.css").is_file()
    assert "lesson.css" in page(site, "index")
