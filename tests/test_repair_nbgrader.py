"""Every editor variant of the solved notebook autogrades in nbgrader exactly like the pristine one."""
import json
import shutil

import nbformat
import pytest
from editor_variants import VARIANTS
from nbgrader.api import Gradebook

from autograder.layout import COURSE_ID, SOLUTIONS
from autograder.nbgrader_cli import make_course, run_nbgrader


@pytest.fixture(scope="session")
def course(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("repair-course"))
    run_nbgrader("generate_assignment", "fc_nets", cwd=root, capture_output=True)
    for student in ["pristine", *VARIANTS]:
        folder = root / "submitted" / student / "fc_nets"
        shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("figures"))
        if student != "pristine":
            path = folder / "Dropout.ipynb"
            path.write_text(json.dumps(VARIANTS[student][0](json.loads(path.read_text()))))
    result = run_nbgrader("autograde", "fc_nets", cwd=root, check=False, capture_output=True)
    assert result.returncode == 0, result.stderr[-3000:]
    return root


def grades(root, student):
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID) as gb:
        notebook = gb.find_submission_notebook("Dropout", "fc_nets", student)
        return {g.name: (g.auto_score, g.needs_manual_grade) for g in notebook.grades}


def answer_texts(root, student):
    nb = nbformat.read(root / "autograded" / student / "fc_nets" / "Dropout.ipynb", as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: " ".join(c.source.split()) for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def test_the_pristine_submission_is_graded_fully(course):
    pristine = grades(course, "pristine")
    assert pristine["dropout_forward"] == (10.0, False) and pristine["regularization_logs"] == (10.0, False)
    assert pristine["inline-question-1-answer"] == (None, True)  # waiting for the TA


@pytest.mark.parametrize("variant", VARIANTS)
def test_variant_grades_like_the_pristine_notebook(course, variant):
    assert grades(course, variant) == grades(course, "pristine")
    assert answer_texts(course, variant) == answer_texts(course, "pristine")
    report = (course / "autograded" / variant / "fc_nets" / "Dropout.repairs.txt").read_text()
    assert VARIANTS[variant][1] in report
