"""The website: Jupyter Book builds with warnings as errors, and the pages carry what they must.

The build (the `site` fixture in the root conftest.py) takes the notebooks' outputs from
_build/.jupyter_cache, where nbval's run has just put them (it executes a notebook only when the
cache has no run of its current code), so the notebook pages show real outputs.
tests/test_browser.py checks the same pages in a real browser.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text())
REPO = CONFIG["repository"]["url"].rstrip("/").removeprefix("https://github.com/")
EPISODES = sorted(p.stem for p in (ROOT / "episodes").glob("[0-9][0-9]-*.md"))


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
    exercises = re.findall(r'<div class="exercise (core|stretch) admonition"', html)
    assert exercises and "core" in exercises  # every exercise marked; at least one core
    assert html.count('class="quiz admonition"') in (2, 3)
    assert html.count('class="pasted-text"') >= 4  # numbers glued from the executed notebook
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


def test_notebook_quizzes_quote_this_run(site):
    """The quizzes in the notebooks (tools/quiz_cells.py) quote the numbers of the run the site
    shows: every value a quiz cell keeps equals what the episode's glue role shows after this build."""
    import json

    from tools import quiz_cells

    quoted = 0
    for notebook in sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb")):
        for cell in json.loads(notebook.read_text())["cells"]:
            if quiz_cells.TAG in cell["metadata"].get("tags", []):
                for ref, value in cell["metadata"]["lesson"]["values"].items():
                    built = quiz_cells.built_value(site.parent, ref)
                    assert built == value, f"{notebook.name}: {ref} is {built!r} in this run; run tools/quiz_cells.py"
                    quoted += 1
    assert quoted >= 30
