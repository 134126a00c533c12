"""Notebook 11 on a learner's own data, where it departs from the worked example: too few rows to
split, and a double-labelled subset that uses a single label (Cohen's kappa is undefined there)."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from tools import runner

pytestmark = pytest.mark.slow
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "11-capstone.ipynb"


def run_on(csv: Path, cells: int):
    """The set-up, the model and the first `cells` cells of section 1 on the file `csv`."""
    nb = nbformat.read(NOTEBOOK, 4)
    data = next(i for i, c in enumerate(nb.cells) if c.cell_type == "code" and c.source.startswith("DATA_FILE = "))
    nb.cells[data].source = nb.cells[data].source.replace('data_dir / "requests.csv"', repr(str(csv)), 1)
    order = [i for i in runner.code_cells(nb) if i <= data] + [i for i in runner.code_cells(nb) if i > data][:cells - 1]
    return runner.run_notebook(NOTEBOOK, nb=nb, order=order)


def test_too_few_rows_to_split_are_said_in_one_sentence(tmp_path):
    csv = tmp_path / "tiny.csv"
    csv.write_text("id,text,label\na,The bin was not emptied.,waste\nb,A pothole on Mill Road.,roads\n")
    with pytest.raises(runner.CellError, match="the method needs at least 6"):
        run_on(csv, 1)


def test_kappa_on_a_single_label_subset_is_undefined_not_a_crash(tmp_path):
    rows = [f"r{i:02d},Message {i} about the bins.,waste,waste" for i in range(1, 11)]
    rows += [f"r{i:02d},Message {i} about a road.,roads," for i in range(11, 21)]
    csv = tmp_path / "same.csv"
    csv.write_text("id,text,label,second_label\n" + "\n".join(rows) + "\n")
    run = run_on(csv, 2)
    printed = "".join(o.get("text", "") for c in run.nb.cells for o in c.get("outputs", []))
    assert "10 items labelled twice: agreement 100% (chance 100%), Cohen's kappa nan" in printed
