"""Real `nbgrader autograde` and `generate_feedback` with the kit's configuration, on one shared course.

The course (conftest.autograded_course) holds the answer key, the untouched release, a
mutant, a hostile notebook and every editor variant of issue 6; nbgrader autogrades it
once per test run.
"""
import json

import nbformat
import pytest
from editor_variants import VARIANTS
from nbgrader.api import Gradebook

from autograder.grading.pipeline import grade
from autograder.layout import ASSIGNMENT, COURSE_ID, NOTEBOOKS
from autograder.parts import PARTS
from autograder.grading.report import part_scores
from autograder.sandbox.confinement import landlock_abi
from test_class_report import expected_ids, read_csv, run

pytestmark = pytest.mark.xdist_group("nbgrader")  # they share one autograded course (conftest.py)


@pytest.fixture(scope="session")
def course(autograded_course):
    return autograded_course


def gradebook_scores(root, student):
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID) as gb:
        return {grade.name: grade.score for notebook in NOTEBOOKS
                for grade in gb.find_submission_notebook(notebook.removesuffix(".ipynb"), "fc_nets", student).grades}


def dropout_scores(root, student):
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID) as gb:
        return {grade.name: grade.score for grade in gb.find_submission_notebook("Dropout", "fc_nets", student).grades}


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
    alice = gradebook_scores(root, "alice")
    assert {name: alice[name] for name in PARTS} == {name: part.points for name, part in PARTS.items()}
    assert all(gradebook_scores(root, "bob")[part] == 0 for part in PARTS)
    assert 0 < gradebook_scores(root, "carol")["dropout_forward"] < PARTS["dropout_forward"].points
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID) as gb:
        assert gb.find_submission("fc_nets", "alice").needs_manual_grade  # the written answers


def test_students_own_code_is_graded(course):
    root, _, _ = course
    layers = (root / "autograded" / "carol" / "fc_nets" / "deeplearning" / "layers.py").read_text()
    assert ">= p) / (1 - p)" in layers  # the mutant, not source/'s solution


def test_only_the_grade_cells_run_and_the_other_cells_keep_the_students_outputs(course):
    """The student's code is graded in the sandbox; autograde does not run it again (only the grade cells, which show
    the kit's report), and the notebook keeps the outputs of the student's own run."""
    root, _, _ = course
    submitted = nbformat.read(root / "submitted" / "dave" / "fc_nets" / "Dropout.ipynb", as_version=4)
    autograded = nbformat.read(root / "autograded" / "dave" / "fc_nets" / "Dropout.ipynb", as_version=4)
    ran = [cell for cell in autograded.cells if cell.cell_type == "code" and cell.metadata.get("nbgrader", {}).get("grade")]
    assert ran and all(cell.outputs for cell in ran)
    released = {cell.id for cell in autograded.cells}  # the cells the student added got new ids
    kept = {cell.id: cell.outputs for cell in submitted.cells if cell.id in released
            and cell.cell_type == "code" and not cell.metadata.get("nbgrader", {}).get("grade")}
    assert {cell.id: cell.outputs for cell in autograded.cells if cell.id in kept} == kept
    assert sum(bool(outputs) for outputs in kept.values()) >= 5  # the answer key's own plots and printed numbers
    text = "".join(o.get("text", "") for c in autograded.cells if c.cell_type == "code" for o in c.outputs)
    assert "GRADEBOOK WRITTEN" not in text and "PermissionError" not in text  # the hostile cell never ran


@pytest.fixture(scope="session")
def rerun(rerun_course):
    root, autograde = rerun_course
    assert autograde.returncode == 0, autograde.stderr[-3000:]
    return root, nbformat.read(root / "autograded" / "dave" / "fc_nets" / "Dropout.ipynb", as_version=4)


@pytest.mark.skipif(landlock_abi() < 4, reason="needs Linux Landlock ABI 4 or newer")
def test_rerun_notebook_code_cannot_read_solutions_or_write_the_gradebook(rerun):
    root, nb = rerun
    text = "".join(o.get("text", "") for c in nb.cells if c.cell_type == "code" for o in c.outputs)
    assert "layers.py -> PermissionError" in text
    assert "gradebook.db -> PermissionError" in text
    assert "keep1.npz -> PermissionError" in text
    assert "GRADEBOOK WRITTEN" not in text and "gradebook -> OperationalError" in text
    assert "np.random.rand(*x.shape) < p" not in text
    assert 99 not in dropout_scores(root, "dave").values()


def test_rerun_drops_harmless_warnings_from_outputs(rerun):
    _, nb = rerun
    stderr = [o.text for c in nb.cells if c.cell_type == "code" for o in c.outputs
              if o.output_type == "stream" and o.name == "stderr"]
    assert not [text for text in stderr if "a harmless warning" in text]


def test_a_dying_kernel_fails_its_remaining_cells_not_the_grading(rerun):
    root, nb = rerun
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors and all(o.ename == "DeadKernelError" for o in errors)
    assert dropout_scores(root, "dave")["regularization_logs"] == PARTS["regularization_logs"].points  # the grader's


def test_feedback_explains_lost_points_without_hidden_code(course, hidden_code_lines):
    root, _, _ = course
    html = (root / "feedback" / "carol" / "fc_nets" / "Dropout.html").read_text()
    assert "p is used as the drop probability" in html
    assert "BEGIN HIDDEN TESTS" not in html and ".autograder_results.json" not in html
    assert not [line for line in hidden_code_lines if line in html]
    assert (root / "feedback" / "carol" / "fc_nets" / "results.txt").is_file()


def test_grade_cells_display_the_grader_scores(course):
    root, _, _ = course
    shown = {}
    for notebook in NOTEBOOKS:
        nb = json.loads((root / "autograded" / "carol" / "fc_nets" / notebook).read_text())
        shown.update({c["metadata"]["nbgrader"]["grade_id"]: float("".join(c["outputs"][-1]["data"]["text/plain"]))
                      for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("grade_id") in PARTS})
    assert shown == {part: gradebook_scores(root, "carol")[part] for part in PARTS}


# ---------------------------------------------------------------- notebooks rewritten by editors
def dropout_grades(root, student):
    with Gradebook(f"sqlite:///{root / 'gradebook.db'}", COURSE_ID) as gb:
        notebook = gb.find_submission_notebook("Dropout", "fc_nets", student)
        return {g.name: (g.auto_score, g.needs_manual_grade) for g in notebook.grades}


def answer_texts(root, student):
    nb = nbformat.read(root / "autograded" / student / "fc_nets" / "Dropout.ipynb", as_version=4)
    return {c.metadata["nbgrader"]["grade_id"]: " ".join(c.source.split()) for c in nb.cells
            if c.metadata.get("nbgrader", {}).get("solution")}


def test_the_pristine_notebook_is_graded_fully(course):
    root, _, _ = course
    pristine = dropout_grades(root, "alice")
    assert pristine["dropout_forward"] == (10.0, False) and pristine["regularization_logs"] == (10.0, False)
    assert pristine["inline-question-1-answer"] == (None, True)  # waiting for the TA


@pytest.mark.parametrize("variant", VARIANTS)
def test_editor_variant_grades_like_the_pristine_notebook(course, variant):
    root, _, _ = course
    assert dropout_grades(root, variant) == dropout_grades(root, "alice")
    assert answer_texts(root, variant) == answer_texts(root, "alice")
    report = (root / "autograded" / variant / "fc_nets" / "Dropout.repairs.txt").read_text()
    assert VARIANTS[variant][1] in report


# ------------------------------------------------------------------ the class report of nbgrader's autograded/
def test_works_on_nbgraders_autograded_folder(autograded_course, tmp_path):
    root, autograde, _ = autograded_course
    assert autograde.returncode == 0, autograde.stderr[-3000:]
    autograded = root / "autograded"
    students = sorted(p.parent.parent.name for p in autograded.glob(f"*/{ASSIGNMENT}/results.json"))
    run("class-report", autograded, "--out", tmp_path / "report")
    mistakes = {row["mistake"]: row["who"].split("; ") for row in read_csv(tmp_path / "report" / "mistakes.csv")}
    made = {student for who in mistakes.values() for student in who}
    assert "carol" in made and "alice" not in made  # the drop_probability mutant, the answer key
    assert all("carol" in mistakes[mistake] for mistake in expected_ids(("mutant:drop_probability",)))
    assert f"{len(students)} submissions" in (tmp_path / "report" / "index.html").read_text()
    # The autograded copies hold the students' code: the similarity check read them (most are the answer key: common
    # to so many that it counts as boilerplate).
    assert (tmp_path / "report" / "similarity.csv").is_file()
    page = (tmp_path / "report" / "index.html").read_text()
    assert f"of the {len(students)} submissions' own code" in page or f"<p>{len(students)} submissions' graded" in page
