"""The figures that tools/draw_figures.py draws itself, and the diagrams in the episodes.

Every drawn figure is in fig/ and shown by an episode. The box-and-arrow diagrams are drawn
again here (quick, no notebook runs) and checked for legibility: about 10 inches wide, no text
under 10 points, no two texts overlapping, and no text spilling out of the box it sits in.
Episodes draw diagrams with tools/draw_figures.py, not as ASCII art in text blocks.
"""

from __future__ import annotations

import importlib.util
import itertools
import re
from pathlib import Path

import pytest
from matplotlib.patches import FancyBboxPatch
from matplotlib.text import Text

ROOT = Path(__file__).resolve().parents[1]
EPISODES = sorted((ROOT / "episodes").glob("*.md"))
DIAGRAMS = ["03-training-pipeline", "06-chatbot-graph", "07-rag-graph"]


def load_draw_figures():
    spec = importlib.util.spec_from_file_location("draw_figures", ROOT / "tools" / "draw_figures.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


draw_figures = load_draw_figures()


def test_every_drawn_figure_is_in_fig_and_shown_by_an_episode():
    shown = "\n".join(path.read_text(encoding="utf-8") for path in EPISODES)
    assert set(DIAGRAMS) <= set(draw_figures.FIGURES)
    for name in draw_figures.FIGURES:
        assert (ROOT / "fig" / f"{name}.png").is_file(), f"run: python tools/draw_figures.py {name}"
        assert f"../fig/{name}.png" in shown, f"no episode shows fig/{name}.png"


def drawn(name, tmp_path, monkeypatch):
    """Draw one figure into tmp_path and return the matplotlib figure, still open."""
    figures = []
    with monkeypatch.context() as patch:
        patch.setattr(draw_figures, "FIG", tmp_path)
        patch.setattr(draw_figures.plt, "close", figures.append)
        draw_figures.FIGURES[name]()
    assert (tmp_path / f"{name}.png").is_file()
    assert len(figures) == 1
    return figures[0]


def legibility_problems(fig) -> list[str]:
    """Texts under 10 points, texts that overlap, and texts that spill out of their box."""
    renderer = fig.canvas.get_renderer()
    texts = [(t.get_text(), t.get_window_extent(renderer)) for t in fig.findobj(Text)
             if t.get_visible() and t.get_text().strip()]
    sizes = {t.get_text(): t.get_fontsize() for t in fig.findobj(Text) if t.get_text().strip()}
    problems = [f"{text!r} is {size} pt" for text, size in sizes.items() if size < 10]
    for (a, box_a), (b, box_b) in itertools.combinations(texts, 2):
        if box_a.overlaps(box_b):
            problems.append(f"{a!r} overlaps {b!r}")
    boxes = [p.get_window_extent(renderer) for p in fig.findobj(FancyBboxPatch) if p.get_visible()]
    boxes = [b for b in boxes if b.width < fig.bbox.width * 0.999]  # not the figure's own frame
    for text, extent in texts:
        centre = ((extent.x0 + extent.x1) / 2, (extent.y0 + extent.y1) / 2)
        around = [b for b in boxes if b.contains(*centre)]
        if around:
            inner = min(around, key=lambda b: b.width * b.height)
            if not (inner.x0 <= extent.x0 and extent.x1 <= inner.x1
                    and inner.y0 <= extent.y0 and extent.y1 <= inner.y1):
                problems.append(f"{text!r} spills out of its box")
        elif not fig.bbox.contains(extent.x0, extent.y0) or not fig.bbox.contains(extent.x1, extent.y1):
            problems.append(f"{text!r} is cut off at the edge of the figure")
    return problems


@pytest.mark.parametrize("name", DIAGRAMS)
def test_diagram_is_legible(name, tmp_path, monkeypatch):
    fig = drawn(name, tmp_path, monkeypatch)
    try:
        assert 9 <= fig.get_size_inches()[0] <= 10.5
        assert legibility_problems(fig) == []
    finally:
        draw_figures.plt.close(fig)


def test_legibility_check_catches_overlap_and_spill():
    fig, ax = draw_figures._canvas(10, 3)
    draw_figures._box(ax, 0.1, 0.1, 1.0, 1.0, draw_figures.BLUE, "A title far too long for its box", "body")
    ax.text(5, 2, "one text", fontsize=11)
    ax.text(5.1, 2, "another text", fontsize=11)
    ax.text(8, 2, "tiny", fontsize=7)
    problems = legibility_problems(fig)
    draw_figures.plt.close(fig)
    assert any("spills out" in p for p in problems)
    assert any("overlaps" in p for p in problems)
    assert any("7" in p and "tiny" in p for p in problems)


def ascii_art(text: str) -> list[str]:
    """Lines of text blocks that draw boxes or arrows: a border such as +-----+, a line that is only
    |, v or *, or a chain of three or more arrows."""
    found = []
    for block in re.findall(r"^```text\n(.*?)^```", text, re.M | re.S):
        for line in block.splitlines():
            if (re.fullmatch(r"\s*[|v*^]\s*", line) or re.search(r"\+-{3,}\+|^\s+\|\s", line)
                    or len(re.findall(r"→|->|-->|▶|⟶", line)) >= 3):
                found.append(line)
    return found


@pytest.mark.parametrize("path", EPISODES, ids=lambda p: p.name)
def test_episode_has_no_ascii_art_diagrams(path):
    assert ascii_art(path.read_text(encoding="utf-8")) == [], "draw it in tools/draw_figures.py"


def test_ascii_art_check_catches_a_drawing():
    drawing = "```text\n+-------+\n| START |\n+-------+\n    *\n    v\n```\n"
    pipeline = "```text\nload → split → embed → store\n```\n"
    output = "```text\nQ: How much?\nA: 412,000 euros -> see [spring-01]\n```\n"
    assert len(ascii_art(drawing)) == 4
    assert ascii_art(pipeline) == ["load → split → embed → store"]
    assert ascii_art(output) == []
