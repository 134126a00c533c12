"""The type-along copies (tools/type_along.py) stay in step with their notebooks: the same text,
set-up and exercise cells, every other code cell empty, a Colab link that opens the copy."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tools import type_along

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]-*.ipynb"))


def test_copies_are_what_the_tool_writes(capsys):
    assert type_along.main(["--check"]) == 0, capsys.readouterr().out


def test_the_tool_catches_a_copy_out_of_step(tmp_path, capsys):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "type-along").mkdir()
    notebook = tmp_path / "notebooks" / NOTEBOOKS[0].name
    notebook.write_text(NOTEBOOKS[0].read_text())
    assert type_along.main(["--check"], root=tmp_path) == 1  # missing
    assert type_along.main([], root=tmp_path) == 0
    assert type_along.main(["--check"], root=tmp_path) == 0
    notebook.write_text(notebook.read_text().replace("## Set-up", "## Setting up"))
    (tmp_path / "type-along" / "99-gone.ipynb").write_text("{}")
    assert type_along.main(["--check"], root=tmp_path) == 1
    assert "99-gone" in capsys.readouterr().out


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.stem)
def test_a_copy_keeps_the_text_set_up_and_exercises_and_empties_the_rest(notebook):
    full = json.loads(notebook.read_text())["cells"]
    copy = json.loads((ROOT / "type-along" / notebook.name).read_text())["cells"]
    assert [c["cell_type"] for c in copy] == [c["cell_type"] for c in full]
    assert [c["source"] for c in copy[1:] if c["cell_type"] == "markdown"] == \
           [c["source"] for c in full[1:] if c["cell_type"] == "markdown"]
    emptied = 0
    for original, cell in zip(full, copy):
        if cell["cell_type"] != "code":
            continue
        assert cell["outputs"] == []
        if type_along.kept(original):
            assert cell["source"] == original["source"]
        else:
            assert cell["source"] == []
            emptied += 1
    assert emptied >= 3  # something to type
    title = "".join(copy[0]["source"])
    assert f"/blob/main/type-along/{notebook.name}" in title and f"](../notebooks/{notebook.name})" in title
