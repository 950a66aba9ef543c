"""The notebooks' grade cells, written from the parts: python -m autograder grade-cells

Every graded part has one nbgrader grade cell in its notebook (its grade_id is the
part's name). The cell's points and text come from the part: the points of its checks
and its title. The hidden code of the cell only shows the part's report, which the
kit's grader left in the autograded folder (autograder.nbgrader_hooks); nbgrader's score
is replaced by the grader's anyway. The tests fail while a source notebook is out of
date; this command rewrites its grade cells.
"""
import nbformat

from .layout import BEGIN_HIDDEN, END_HIDDEN, NOTEBOOKS, SOURCE
from .nbgrader_hooks import RESULTS_FOR_CELLS
from .parts import PARTS


def grade_cell_source(part):
    return f"""# Autograder: {part.title} ({part.points:g} points). The hidden tests run when your work is
# graded (on your .py files and logs, in a separate process); nothing happens here before that.
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


def sync_grade_cells(source=SOURCE, write=False):
    """The grade cells of the source notebooks that differ from the parts ('Notebook: grade_id'); with
    write, rewrite them."""
    stale = []
    for name in NOTEBOOKS:
        path = source / name
        nb = nbformat.read(path, as_version=4)
        changed = False
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            part = PARTS.get(meta.get("grade_id")) if meta.get("grade") and not meta.get("solution") else None
            if part is None:
                continue
            points = int(part.points) if float(part.points).is_integer() else part.points
            if (cell.source != grade_cell_source(part) or meta.get("points") != points):
                stale.append(f"{name}: {part.name}")
                cell.source, meta["points"] = grade_cell_source(part), points
                changed = True
        if write and changed:
            nbformat.write(nb, path)
    return stale
