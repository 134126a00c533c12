"""Write the type-along copies of the notebooks, for live coding in a workshop.

    .venv/bin/python tools/type_along.py           rewrite the copies that changed
    .venv/bin/python tools/type_along.py --check   write nothing; exit 1 if a copy is out of date

Carpentries teaching is participatory live coding: the instructor types, learners type along. The
copy in type-along/ keeps each notebook's text, its set-up cells (run as they are) and its exercise
cells (the starting points), and empties every other code cell, for learners to fill in as the
instructor types. Its Colab link opens the copy. The full notebook stays the reference, and the
tests run it; tests/test_type_along.py fails when a copy is out of step with its notebook.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FOLDER = "type-along"
NOTE = ("\n\n**Type-along copy.** The code cells are empty except the set-up and the exercises: type the code "
        "as the instructor shows it, then run the cell. Stuck? The full notebook, [{name}](../notebooks/{name}), "
        "has every cell.")


def kept(cell: dict) -> bool:
    """Cells a learner runs as they are: markdown, the set-up, and the exercises' starting points."""
    tags = cell.get("metadata", {}).get("tags", [])
    return cell["cell_type"] != "code" or "setup" in tags or any(t.startswith("exercise:") for t in tags)


def type_along(notebook: Path) -> str:
    nb = json.loads(notebook.read_text(encoding="utf-8"))
    cells = []
    for index, cell in enumerate(nb["cells"]):
        cell = json.loads(json.dumps(cell))
        if index == 0:  # the title cell: its Colab link opens this copy, and it says what the copy is
            text = "".join(cell["source"]).replace(f"/blob/main/notebooks/{notebook.name}",
                                                   f"/blob/main/{FOLDER}/{notebook.name}")
            cell["source"] = (text + NOTE.format(name=notebook.name)).splitlines(keepends=True)
        elif not kept(cell):
            cell["source"] = []
        if cell["cell_type"] == "code":
            cell["outputs"], cell["execution_count"] = [], None
        cells.append(cell)
    return json.dumps({**nb, "cells": cells}, indent=1, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None, root: Path = ROOT) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="write nothing; exit 1 if a copy is out of date")
    args = parser.parse_args(argv)
    notebooks = sorted((root / "notebooks").glob("[0-9][0-9]-*.ipynb"))
    wanted = {root / FOLDER / n.name: type_along(n) for n in notebooks}
    stale = [p for p, text in wanted.items() if not p.is_file() or p.read_text(encoding="utf-8") != text]
    extra = [p for p in sorted((root / FOLDER).glob("*.ipynb")) if p not in wanted]
    for path in stale + extra:
        if args.check:
            print(f"out of date: {path.relative_to(root)} (run tools/type_along.py)")
        elif path in wanted:
            path.parent.mkdir(exist_ok=True)
            path.write_text(wanted[path], encoding="utf-8")
            print(f"wrote {path.relative_to(root)}")
        else:
            path.unlink()
            print(f"removed {path.relative_to(root)}, whose notebook is gone")
    return 1 if args.check and (stale or extra) else 0


if __name__ == "__main__":
    sys.exit(main())
