"""The notebooks' grade cells and self-check cells, written from the parts: python -m autograder grade-cells

Every graded part has one nbgrader grade cell in its notebook (its grade_id is the
part's name). The cell's points and text come from the part: the points of its checks
and its title. The hidden code of the cell only shows the part's report, which the
kit's grader left in the autograded folder (autograder.course.nbgrader_hooks); nbgrader's score
is replaced by the grader's anyway. Right after it comes a read-only self-check cell
(grade_id self_check_<part>) that runs the part's public checks
(deeplearning/self_check/) in the student's kernel; it never changes a grade. The
tests fail while a source notebook is out of date; this command rewrites these cells.
"""
import nbformat
from nbformat.v4 import new_code_cell

from ..layout import BEGIN_HIDDEN, END_HIDDEN, NOTEBOOKS, SOURCE
from .nbgrader_hooks import RESULTS_FOR_CELLS
from ..parts import PARTS


def grade_cell_source(part):
    return f"""# Autograder: {part.title} ({part.points:g} points). Check your work with the public checks in
# the next cell. The hidden tests run when your work is graded (on your .py files and logs, in
# a separate process, with the grader's own inputs; logs are replayed); nothing happens here before that.
{BEGIN_HIDDEN}
import json
import os

if not os.path.exists("{RESULTS_FOR_CELLS}"):
    raise RuntimeError("no grading results here: this cell works in `nbgrader autograde` with the kit's nbgrader_config.py")
with open("{RESULTS_FOR_CELLS}") as results_file:
    result = json.load(results_file)["{part.name}"]
print(result["report"])
float(result["score"])
{END_HIDDEN}"""


def self_check_id(part):
    return f"self_check_{part.name}"


def self_check_cell_source(part):
    return f"""# Public checks of {part.title}: run this cell after every change. It never changes your grade.
from deeplearning.self_check import check

check("{part.name}")"""


def _self_check_cell(part):
    cell = new_code_cell(self_check_cell_source(part))
    cell.id = self_check_id(part).replace("_", "-")
    cell.metadata["nbgrader"] = {"grade": False, "solution": False, "locked": True, "task": False,
                                 "grade_id": self_check_id(part), "schema_version": 3}
    return cell


def sync_grade_cells(source=SOURCE, write=False):
    """The grade and self-check cells of the source notebooks that differ from the parts ('Notebook: grade_id');
    with write, rewrite them."""
    stale = []
    for name in NOTEBOOKS:
        path = source / name
        nb = nbformat.read(path, as_version=4)
        old = [(c.get("id"), c.source, dict(c.metadata.get("nbgrader", {}))) for c in nb.cells]  # before any change
        cells = []
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if str(meta.get("grade_id", "")).startswith("self_check_"):
                continue  # written again after its grade cell
            cells.append(cell)
            part = PARTS.get(meta.get("grade_id")) if meta.get("grade") and not meta.get("solution") else None
            if part is None:
                continue
            points = int(part.points) if float(part.points).is_integer() else part.points
            if (cell.source != grade_cell_source(part) or meta.get("points") != points):
                stale.append(f"{name}: {part.name}")
                cell.source, meta["points"] = grade_cell_source(part), points
            cells.append(_self_check_cell(part))
        new = [(c.get("id"), c.source, dict(c.metadata.get("nbgrader", {}))) for c in cells]
        if old != new and not any(entry.startswith(f"{name}:") for entry in stale):
            stale.append(f"{name}: self-check cells")
        if write and old != new:
            nb.cells = cells
            nbformat.write(nb, path)
    return stale
