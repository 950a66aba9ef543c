"""Real `nbgrader autograde` and `generate_feedback` with the kit's configuration."""
import json
import shutil
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook

from autograder.grade import grade, part_scores
from autograder.layout import COURSE_ID, NOTEBOOKS, REFERENCES, RELEASE, SOLUTIONS
from autograder.mutants import make_mutant
from autograder.nbgrader_cli import make_course, run_nbgrader
from autograder.sandbox import landlock_abi
from autograder.scoring import HIDDEN_TESTS
from autograder.spec import PARTS

HOSTILE_CELL = '''
import sqlite3
import warnings
warnings.warn("a harmless warning", RuntimeWarning)
for path in ["../../../source/fc_nets/deeplearning/layers.py", "../../../gradebook.db", {reference!r}]:
    try:
        print(path, open(path, "rb").read(80))
    except OSError as exc:
        print(path, "->", type(exc).__name__)
try:
    db = sqlite3.connect("../../../gradebook.db")
    db.execute("UPDATE grade SET manual_score = 99")
    db.commit()
    print("GRADEBOOK WRITTEN")
except Exception as exc:
    print("gradebook ->", type(exc).__name__)
'''


def hostile_submission(dest):
    """The answer key whose notebook pokes at the course and then kills its kernel."""
    shutil.copytree(SOLUTIONS, dest, ignore=shutil.ignore_patterns("figures"))
    nb = nbformat.read(dest / "Dropout.ipynb", as_version=4)
    ids = [cell.id for cell in nb.cells]
    nb.cells.insert(ids.index("imports") + 1, nbformat.v4.new_code_cell(
        HOSTILE_CELL.format(reference=str(REFERENCES / "dropout_regularization_keep1.npz"))))
    nb.cells.insert(ids.index("regularization-plots") + 2, nbformat.v4.new_code_cell("import os\nos._exit(1)"))
    nbformat.write(nb, dest / "Dropout.ipynb")


@pytest.fixture(scope="session")
def course(tmp_path_factory):
    root = make_course(tmp_path_factory.mktemp("nbgrader-course"))
    run_nbgrader("generate_assignment", "fc_nets", cwd=root, capture_output=True)
    submitted = root / "submitted"
    shutil.copytree(SOLUTIONS, submitted / "alice" / "fc_nets", ignore=shutil.ignore_patterns("figures"))
    shutil.copytree(RELEASE, submitted / "bob" / "fc_nets")
    make_mutant(SOLUTIONS, submitted / "carol" / "fc_nets", "drop_probability")
    hostile_submission(submitted / "dave" / "fc_nets")
    autograde = run_nbgrader("autograde", "fc_nets", cwd=root, check=False, capture_output=True)
    feedback = run_nbgrader("generate_feedback", "fc_nets", cwd=root, check=False, capture_output=True)
    return root, autograde, feedback


def gradebook_scores(root, student):
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID) as gb:
        return {grade.name: grade.score for notebook in NOTEBOOKS
                for grade in gb.find_submission_notebook(notebook.removesuffix(".ipynb"), "fc_nets", student).grades}


def test_autograde_succeeds(course):
    _, autograde, feedback = course
    assert autograde.returncode == 0, autograde.stderr[-3000:]
    assert feedback.returncode == 0, feedback.stderr[-3000:]


@pytest.mark.parametrize("student", ["alice", "bob", "carol", "dave"])
def test_gradebook_agrees_with_the_standalone_grader(course, student):
    root, _, _ = course
    standalone = part_scores(grade(root / "submitted" / student / "fc_nets"))
    in_gradebook = gradebook_scores(root, student)
    assert {part: in_gradebook[part] for part in PARTS} == {part: score for part, (score, _) in standalone.items()}


def test_solution_full_release_zero_mutant_partial(course):
    root, _, _ = course
    assert all(gradebook_scores(root, "alice")[part] == points for part, points in
               {"dropout_forward": 10, "dropout_backward": 5, "fc_net": 10, "regularization_logs": 10}.items())
    assert all(gradebook_scores(root, "bob")[part] == 0 for part in PARTS)
    assert 0 < gradebook_scores(root, "carol")["dropout_forward"] < 10
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID) as gb:
        assert gb.find_submission("fc_nets", "alice").needs_manual_grade  # the written answers


def test_students_own_code_is_graded(course):
    root, _, _ = course
    layers = (root / "autograded" / "carol" / "fc_nets" / "deeplearning" / "layers.py").read_text()
    assert ">= p) / (1 - p)" in layers  # the mutant, not source/'s solution


@pytest.mark.skipif(landlock_abi() < 4, reason="needs Linux Landlock ABI 4 or newer")
def test_notebook_code_cannot_read_solutions_or_write_the_gradebook(course):
    root, _, _ = course
    nb = nbformat.read(root / "autograded" / "dave" / "fc_nets" / "Dropout.ipynb", as_version=4)
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "layers.py -> PermissionError" in text
    assert "gradebook.db -> PermissionError" in text
    assert "keep1.npz -> PermissionError" in text
    assert "GRADEBOOK WRITTEN" not in text and "gradebook -> OperationalError" in text
    assert "np.random.rand(*x.shape) < p" not in text
    assert 99 not in gradebook_scores(root, "alice").values()


def test_harmless_warnings_are_dropped_from_outputs(course):
    root, _, _ = course
    nb = nbformat.read(root / "autograded" / "dave" / "fc_nets" / "Dropout.ipynb", as_version=4)
    stderr = [o.text for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "stream" and o.name == "stderr"]
    assert not [text for text in stderr if "a harmless warning" in text]


def test_a_dying_kernel_fails_its_remaining_cells_not_the_grading(course):
    root, _, _ = course
    nb = nbformat.read(root / "autograded" / "dave" / "fc_nets" / "Dropout.ipynb", as_version=4)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors and all(o.ename == "DeadKernelError" for o in errors)
    assert gradebook_scores(root, "dave")["regularization_logs"] == 10  # the grader's score, not the dead cell's


def test_feedback_explains_lost_points_without_hidden_code(course):
    root, _, _ = course
    html = (root / "feedback" / "carol" / "fc_nets" / "Dropout.html").read_text()
    assert "p is used as the drop probability" in html
    assert "BEGIN HIDDEN TESTS" not in html and ".autograder_results.json" not in html
    secret = {line.strip() for path in HIDDEN_TESTS.glob("*.py") for line in path.read_text().splitlines()
              if len(line.strip()) > 25}
    assert not [line for line in secret if line in html]
    assert (root / "feedback" / "carol" / "fc_nets" / "results.txt").is_file()


def test_grade_cells_display_the_grader_scores(course):
    root, _, _ = course
    shown = {}
    for notebook in NOTEBOOKS:
        nb = json.loads((root / "autograded" / "carol" / "fc_nets" / notebook).read_text())
        shown.update({c["metadata"]["nbgrader"]["grade_id"]: float("".join(c["outputs"][-1]["data"]["text/plain"]))
                      for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") in PARTS})
    assert shown == {part: gradebook_scores(root, "carol")[part] for part in PARTS}
