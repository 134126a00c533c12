"""Put each episode's quizzes into its notebook, as markdown cells with the feedback folded.

    .venv/bin/python tools/quiz_cells.py           rewrite the notebooks whose quiz cells changed
    .venv/bin/python tools/quiz_cells.py --check   write nothing; exit 1 if a notebook is out of date

Learners on Colab work in the notebook, not on the website, so every quiz of an episode is also a
markdown cell of its notebook (tagged `quiz`), at the end of the section it checks: the question,
then each option with its feedback folded in a <details> block, as the website folds it.

Where a quiz goes: after the notebook section whose title (without its number) is the episode
section the quiz follows, or the one a comment line in the quiz names, `% notebook: <title>`.

Numbers a quiz glues from a run are the lesson's own run's, the ones the website shows: the tool
reads them from the last site build (`_build/jupyter_execute/notebooks/*.glue.json`) and keeps a
copy in the cell's metadata, so the cell can be rewritten without a build while the numbers stay
the same. tests/test_quizzes.py fails when a notebook's quiz cells differ from what this tool
writes; tests/test_site.py fails when their numbers differ from the build's.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tools import myst  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
TAG = "quiz"
TARGET = re.compile(r"^%\s*notebook:\s*(.*?)\s*$", re.M)
GLUE = re.compile(r"\{glue(?::text)?\}`([^`]*)`")
ROLE = re.compile(r"\{[\w:-]+\}`([^`<]*?)\s*(?:<[^`]*>)?`")  # {term}`text <target>`: its text
OPTION = re.compile(r"^([A-Z])\.\s+(\S.*)$")
HEADING = re.compile(r"^(#{2,6})\s+(?:\d+\.\s+)?(.*?)\s*$", re.M)


def glue_path(build: Path, ref: str) -> Path:
    notebook = ref.split("::")[0]
    return build / "jupyter_execute" / "notebooks" / (Path(notebook).stem + ".glue.json")


def built_value(build: Path, ref: str) -> str | None:
    """What the website shows for a glue role's content ("path::key:format"), from the last build."""
    from myst_nb.core.variables import format_plain_text

    path = glue_path(build, ref)
    if not path.is_file():
        return None
    key, _, spec = ref.split("::", 1)[1].partition(":")
    output = json.loads(path.read_text(encoding="utf-8")).get(key)
    return None if output is None else format_plain_text(output["data"]["text/plain"], spec)


def plain(text: str, values: dict[str, str]) -> str:
    """Markdown a notebook renders: glued numbers filled in, roles reduced to their text, links to
    other episodes made relative to the notebooks folder."""
    text = GLUE.sub(lambda m: values[m.group(1)], text)
    text = ROLE.sub(r"\1", text)
    return re.sub(r"\]\((?!https?:|\.\./|#)([^)]+)\)", r"](../episodes/\1)", text)


def inline_html(text: str) -> str:
    """One line of Markdown as HTML, for a <summary>, where Markdown is not rendered."""
    parts = re.split(r"(`[^`]*`)", text)
    out = "".join(f"<code>{html.escape(p[1:-1])}</code>" if p.startswith("`") else html.escape(p, quote=False)
                  for p in parts)
    return re.sub(r"\*\*(.+?)\*\*", r"<b>\1</b>", out)


def without_comments(text: str) -> str:
    return "\n".join(line for line in text.splitlines() if not line.startswith("%")).strip()


def refs(quiz: myst.Block) -> list[str]:
    texts = [quiz.body] + [c.argument + "\n" + c.body for c in quiz.children]
    return list(dict.fromkeys(m.group(1) for t in texts for m in GLUE.finditer(t)))


def render(quiz: myst.Block, values: dict[str, str]) -> str:
    question = without_comments(quiz.body.split(myst.CHILD)[0])
    intro = "**Check your understanding.** Choose an answer, then open it to read why it is right or not."
    if values:
        intro += " The numbers are from the lesson's own run, the one the website shows; yours may differ a little."
    lines = [intro, "", plain(question, values), ""]
    for option in quiz.children:
        lines += [f"<details><summary>{inline_html(plain(option.argument, values))}</summary>", "",
                  plain(without_comments(option.body), values), "", "</details>"]
    return "\n".join(lines) + "\n"


def target(quiz: myst.Block) -> str:
    named = TARGET.search(quiz.body.split(myst.CHILD)[0])
    return named.group(1) if named else quiz.section


def insert_at(cells: list[dict], title: str) -> int | None:
    """The index just after the notebook section called `title` (a heading of level 2 or more, its
    number left out), before the next heading of the same level or higher; None if there is none."""
    for index, cell in enumerate(cells):
        if cell["cell_type"] != "markdown" or TAG in cell["metadata"].get("tags", []):
            continue
        found = [m for m in HEADING.finditer("".join(cell["source"])) if m.group(2) == title]
        if not found:
            continue
        level = len(found[0].group(1))
        for after in range(index + 1, len(cells)):
            cell = cells[after]
            heads = HEADING.findall("".join(cell["source"])) if cell["cell_type"] == "markdown" else []
            if heads and len(heads[0][0]) <= level and TAG not in cell["metadata"].get("tags", []):
                return after
        return len(cells)
    return None


def with_quizzes(episode: Path, notebook: Path, build: Path) -> str:
    """The notebook's text with the episode's quizzes in it (as this tool writes it)."""
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    old = {c["metadata"]["lesson"]["quiz"]: c["metadata"]["lesson"].get("values", {})
           for c in nb["cells"] if TAG in c["metadata"].get("tags", []) and "lesson" in c["metadata"]}
    cells = [c for c in nb["cells"] if TAG not in c["metadata"].get("tags", [])]
    page = myst.read(episode.read_text(encoding="utf-8"))
    found = [b for b in page.blocks if b.directive == "admonition" and "quiz" in b.classes]
    placed = []
    for number, quiz in enumerate(found, start=1):
        name = f"{episode.stem[:2]}-{number}"
        values = {}
        for ref in refs(quiz):
            value = built_value(build, ref)
            if value is None:
                value = old.get(name, {}).get(ref)
            if value is None:
                raise SystemExit(f"{episode.name}, quiz {number}: no value for {{glue:text}}`{ref}`: build the "
                                 "site first (tools/build_site.py), then run this tool again")
            values[ref] = value
        where = insert_at(cells, target(quiz))
        if where is None:
            raise SystemExit(f"{episode.name}, quiz {number}: the notebook has no section {target(quiz)!r}; name "
                             "one in the quiz with a line '% notebook: <section title>'")
        cell = {"cell_type": "markdown", "id": f"quiz-{name}",
                "metadata": {"tags": [TAG], "lesson": {"quiz": name, "values": values}},
                "source": render(quiz, values).splitlines(keepends=True)}
        placed.append((where, cell))
    for where, cell in reversed(sorted(placed, key=lambda p: p[0])):  # from the end, same place in episode order
        cells.insert(where, cell)
    return json.dumps({**nb, "cells": cells}, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a notebook is out of date")
    parser.add_argument("--build", type=Path, default=root / "_build", help="the site build to take numbers from")
    args = parser.parse_args(argv)
    stale = []
    for episode in sorted((root / "episodes").glob("[0-9][0-9]-*.md")):
        notebook = root / "notebooks" / (episode.stem + ".ipynb")
        if not notebook.is_file():
            continue
        text = with_quizzes(episode, notebook, args.build)
        if notebook.read_text(encoding="utf-8") != text:
            stale.append(notebook)
            if args.check:
                print(f"out of date: {notebook.relative_to(root)} (run tools/quiz_cells.py)")
            else:
                notebook.write_text(text, encoding="utf-8")
                print(f"wrote {notebook.relative_to(root)}")
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
