"""Notebooks rewritten by editors are rebuilt on the release: answers kept, metadata restored, repairs reported."""
import copy
import json
import shutil

import nbformat
import pytest
from editor_variants import VARIANTS

from autograder.grading.pipeline import grade
from autograder.layout import RELEASE, SOLUTIONS
from autograder.grading.repair import NOT_FOUND, repair_notebook

SOLVED = json.loads((SOLUTIONS / "Dropout.ipynb").read_text())
RELEASED = json.loads((RELEASE / "Dropout.ipynb").read_text())


def repair(submitted):
    """repair_notebook, with its result checked against the notebook format and read as nbformat does."""
    repaired, report = repair_notebook(submitted, RELEASED)
    notebook = nbformat.from_dict(repaired)
    nbformat.validate(notebook)
    return notebook, report


def answers(nb):
    """The written answers, whitespace normalized (a split answer is re-joined with a paragraph break)."""
    return {c.metadata["nbgrader"]["grade_id"]: " ".join(c.source.split()) for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def structure(nb):
    """What nbgrader looks at: the cells' ids, types and nbgrader metadata, in order."""
    return [(c.get("id"), c.cell_type, c.metadata.get("nbgrader")) for c in nb.cells]


PRISTINE, PRISTINE_REPORT = repair(copy.deepcopy(SOLVED))


def test_a_pristine_submission_needs_no_repair():
    assert PRISTINE_REPORT == []
    assert structure(PRISTINE) == structure(nbformat.from_dict(RELEASED))
    assert all(text.startswith("**Answer:**") for text in answers(PRISTINE).values())


@pytest.mark.parametrize("name", VARIANTS)
def test_variant_is_rebuilt_like_the_pristine_notebook(name):
    transform, expected_report = VARIANTS[name]
    repaired, report = repair(transform(copy.deepcopy(SOLVED)))
    assert any(expected_report in line for line in report), report
    assert answers(repaired) == answers(PRISTINE)
    graded = [s for s in structure(repaired) if s[2] is not None]
    assert graded == [s for s in structure(PRISTINE) if s[2] is not None]
    grade_ids = [s[2]["grade_id"] for s in graded]
    assert len(grade_ids) == len(set(grade_ids))


def test_an_answer_that_cannot_be_found_is_marked_for_grading_by_hand():
    nb = copy.deepcopy(SOLVED)
    nb["cells"] = [c for c in nb["cells"] if c.get("id") != "inline-question-2-answer"]
    repaired, report = repair(strip_all(nb))
    assert answers(repaired)["inline-question-2-answer"] == " ".join(NOT_FOUND.split())
    assert any("'inline-question-2-answer': no answer found" in line for line in report)


def strip_all(nb):
    for cell in nb["cells"]:
        cell["metadata"] = {}
    return nb


def test_the_standalone_grader_repairs_and_reports(tmp_path):
    submission = tmp_path / "fc_nets"
    shutil.copytree(SOLUTIONS, submission, ignore=shutil.ignore_patterns("figures"))
    transform, _ = VARIANTS["colab_split_and_delete"]
    path = submission / "Dropout.ipynb"
    path.write_text(json.dumps(transform(json.loads(path.read_text()))))
    results = grade(submission)
    assert results["score"] == sum(t["max_score"] for t in results["tests"])  # full marks
    manual = {t["tags"][1]: " ".join(t["output"].split()) for t in results["tests"] if "manual" in t["tags"]}
    assert {grade_id: manual[grade_id] for grade_id in answers(PRISTINE)} == answers(PRISTINE)
    assert "Dropout.ipynb was repaired before grading:" in results["output"]
    assert "merged 2 cells into one answer" in results["output"]
