"""Every line of code an episode shows is code that CI runs.

- Code in an episode's text (```python blocks) must appear, line by line, in its notebook, which
  nbval executes.
- Exercise solutions live in solutions/LABEL.py. The episode shows them with literalinclude (never a
  copy), the notebook has a cell tagged `exercise:LABEL` where the learner works, and the file, with
  the checks at its end, runs in the notebook's execution: nbval runs it after the notebook's last
  cell (conftest.py), or, for notebooks 6 and 7, after the last cell of their run in tests/test_colab.py.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from myst_parser.parsers.options import options_to_items

ROOT = Path(__file__).resolve().parents[1]
EPISODES = sorted((ROOT / "episodes").glob("[0-9][0-9]-*.md"))
SOLUTIONS = sorted((ROOT / "solutions").glob("*.py"))
CHECKS = "# ---- not shown: checks of what the solution says ----"


def notebook_of(episode: Path) -> dict:
    return json.loads((ROOT / "notebooks" / f"{episode.stem}.ipynb").read_text())


def code_lines(text: str) -> list[str]:
    """The lines that carry code: stripped, without trailing comments and blank or comment-only lines."""
    lines = []
    for line in text.splitlines():
        code = re.split(r"\s{2,}#|^\s*#", line)[0].strip()
        if code:
            lines.append(code)
    return lines


def shown_code_missing(episode_text: str, notebook: dict) -> list[str]:
    in_notebook = set()
    for cell in notebook["cells"]:
        if cell["cell_type"] == "code":
            in_notebook.update(code_lines("".join(cell["source"])))
    shown = re.findall(r"^ *```python\n(.*?)^ *```", episode_text, re.S | re.M)
    return [line for block in shown for line in code_lines(block) if line not in in_notebook]


def exercise_tags(notebook: dict) -> list[str]:
    return [tag.split(":", 1)[1] for cell in notebook["cells"] if cell["cell_type"] == "code"
            for tag in cell.get("metadata", {}).get("tags", []) if tag.startswith("exercise:")]


@pytest.mark.parametrize("episode", EPISODES, ids=lambda p: p.stem)
def test_code_shown_in_the_episode_is_in_its_notebook(episode):
    assert shown_code_missing(episode.read_text(), notebook_of(episode)) == []


def test_the_code_check_catches_a_line_the_notebook_lacks():
    notebook = {"cells": [{"cell_type": "code", "source": ["x = 1  # one\n", "print(x)\n"]}]}
    assert shown_code_missing("```python\nx = 1\nprint(x)  # 1\n```\n", notebook) == []
    assert shown_code_missing("```python\nx = 2\nprint(x)\n```\n", notebook) == ["x = 2"]


@pytest.mark.parametrize("episode", EPISODES, ids=lambda p: p.stem)
def test_solutions_are_included_from_files_that_the_notebook_runs(episode):
    text = episode.read_text()
    labels = re.findall(r"^:label: (\S+)", text, re.M)
    tagged = exercise_tags(notebook_of(episode))
    assert len(tagged) == len(set(tagged)), "an exercise tag appears twice"
    assert set(tagged) <= set(labels), "a notebook cell is tagged for an exercise the episode lacks"
    assert [t for t in tagged if not (ROOT / "solutions" / f"{t}.py").is_file()] == [], "no solution file to run"
    for include in re.finditer(r"```\{literalinclude\} \.\./solutions/(\S+)\.py\n(.*?)```", text, re.S):
        label, options = include.groups()
        assert label in labels and (ROOT / "solutions" / f"{label}.py").is_file(), label
        assert label in tagged, f"{label}: no notebook cell tagged exercise:{label} to run it in"
        source = (ROOT / "solutions" / f"{label}.py").read_text()
        for marker in re.findall(r':(?:start-after|end-before): "([^"]+)"', options):
            assert marker in source, (label, marker)
    solutions = re.findall(r"::::\{solution\} (\S+)\n(.*?)\n::::\n", text, re.S)
    for label, body in solutions:
        assert "```python" not in body, f"{label}: solution code must come from solutions/{label}.py"


@pytest.mark.parametrize("path", SOLUTIONS, ids=lambda p: p.stem)
def test_every_solution_is_shown_and_checks_what_it_says(path):
    shown_in = [e for e in EPISODES if f"../solutions/{path.name}" in e.read_text()]
    assert len(shown_in) == 1, f"{path.name} is shown by {len(shown_in)} episodes"
    source = path.read_text()
    assert source.count(CHECKS) == 1
    checks = source.split(CHECKS, 1)[1]
    assert re.search(r"^assert ", checks, re.M), f"{path.name}: the checks assert nothing"


RUN_OUTPUT = re.compile(r"^```\{run-output\} \.\./notebooks/(\S+)\.ipynb\n(.*?)^```", re.S | re.M)


def output_tags(notebook: dict) -> list[str]:
    return [tag.split(":", 1)[1] for cell in notebook["cells"] if cell["cell_type"] == "code"
            for tag in cell.get("metadata", {}).get("tags", []) if tag.startswith("output:")]


@pytest.mark.parametrize("episode", EPISODES, ids=lambda p: p.stem)
def test_printed_output_shown_in_the_episode_comes_from_a_tagged_cell(episode):
    """A {run-output} block (tools/run_output.py) shows what a cell tagged output:NAME printed in the
    run. Each names its own notebook and a tag found once there; each tag is shown."""
    shown = []
    for stem, options in RUN_OUTPUT.findall(episode.read_text()):
        assert stem == episode.stem, f"a run-output block of {episode.name} shows another notebook"
        # parsed as MyST parses directive options (a value that starts with a quote must be quoted)
        parsed = dict(options_to_items("\n".join(line[1:] for line in options.splitlines()))[0])
        assert set(parsed) <= {"cell", "lines", "start-after", "start-at", "end-before", "expect"}, options
        assert parsed.get("cell"), options
        shown.append(parsed["cell"])
    tags = output_tags(notebook_of(episode))
    assert len(tags) == len(set(tags)), "an output tag appears twice"
    assert set(shown) <= set(tags), "a run-output block names a tag that no cell has"
    assert set(tags) <= set(shown), "a cell is tagged output:NAME but no block shows it"
