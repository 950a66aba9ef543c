"""python -m autograder grade: full marks for the answer key, zero for the release, named mistakes for mutants."""
import json
import runpy
import shutil
import subprocess
import sys

import pytest

from conftest import TOTAL

from autograder.parts.graded_experiments import GRADED_LOGS
from autograder.grading.pipeline import grade
from autograder.layout import RELEASE, SOLUTIONS, SOURCE, STUDENT_FILES
from autograder.course.variants import make_mutant
from autograder.parts import MANUAL, PARTS
from autograder.grading.report import part_scores


@pytest.fixture(scope="session")
def solution_results(tmp_path_factory):
    out = tmp_path_factory.mktemp("graded") / "results.json"
    return grade(SOLUTIONS, out=out), out


@pytest.fixture(scope="session")
def release_results():
    return grade(RELEASE)


def test_solution_scores_full_marks_in_gradescope_format(solution_results):
    results, out = solution_results
    on_disk = json.loads(out.read_text())
    assert on_disk["score"] == results["score"] == TOTAL
    graded = [t for t in on_disk["tests"] if "manual" not in t["tags"]]
    assert all(t["status"] == "passed" and t["score"] == t["max_score"] for t in graded), graded
    for test in on_disk["tests"]:
        assert {"name", "score", "max_score", "output", "visibility"} <= set(test)
        assert test["visibility"] == "visible"
    manual = [t for t in on_disk["tests"] if "manual" in t["tags"]]
    assert [t["max_score"] for t in manual] == [0.0] * len(MANUAL)
    assert all("graded by hand" in t["name"] and "Answer" in t["output"] for t in manual)
    report = out.with_suffix(".txt").read_text()
    assert f"Score: {TOTAL:g} / {TOTAL:g}" in report and "[FAIL]" not in report


def test_released_stubs_score_zero_on_every_part(release_results):
    assert all(score == 0 for score, _ in part_scores(release_results).values())
    failures = [t["output"] for t in release_results["tests"] if t.get("status") == "failed"]
    assert any("NotImplementedError: dropout_forward in deeplearning/layers.py" in f for f in failures)
    assert any("dropout_regularization_keep1.npz is missing" in f for f in failures)
    manual = [t for t in release_results["tests"] if "manual" in t["tags"]]
    assert all(t["output"] == "No answer found in the notebook." for t in manual)


# Every mutant loses its points with a message naming its mistake: graded at full scale in test_full_scale.py (the
# code mutants also at the subset's scale, in test_fairness.py).


def test_feedback_never_quotes_hidden_test_code(release_results, tmp_path, hidden_code_lines):
    submission = make_mutant(SOLUTIONS, tmp_path / "fc_nets", "drop_probability")
    for results in (release_results, grade(submission)):
        text = json.dumps(results)
        assert not [line for line in hidden_code_lines if line in text]
        assert "Traceback" not in text and "def test_" not in text


def test_collected_zip_grades_like_the_folder(tmp_path):
    work = tmp_path / "fc_nets"
    shutil.copytree(SOLUTIONS, work)
    collected = subprocess.run([sys.executable, "collect_submission.py"], cwd=work, capture_output=True, text=True)
    assert collected.returncode == 0, collected.stderr
    results = grade(work / "fc_nets_submission.zip")
    assert results["score"] == TOTAL


def test_student_files_are_exactly_the_files_with_solution_regions():
    with_regions = sorted(p.relative_to(SOURCE).as_posix() for p in SOURCE.rglob("*.py")
                          if "### BEGIN SOLUTION" in p.read_text())
    assert with_regions == sorted(STUDENT_FILES)


def test_collect_script_requires_what_the_grader_grades():
    collect = runpy.run_path(str(SOURCE / "collect_submission.py"))  # its main() runs only as a script
    assert sorted(collect["REQUIRED_LOGS"]) == sorted(GRADED_LOGS)
    assert sorted(collect["STUDENT_FILES"]) == sorted(STUDENT_FILES)


def test_cli_writes_results_and_report(tmp_path):
    out = tmp_path / "out" / "results.json"
    result = subprocess.run([sys.executable, "-m", "autograder", "grade", str(RELEASE), "--out", str(out),
                             "--seed", "7"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert f"Score: 0 / {TOTAL:g}" in result.stdout
    assert json.loads(out.read_text())["score"] == 0
    assert "Random seed of this grading run: 7." in out.with_suffix(".txt").read_text()


def test_grading_selected_parts_only():
    results = grade(SOLUTIONS, parts=["layernorm", "optimizer_logs"])
    assert {t["tags"][0] for t in results["tests"] if "manual" not in t["tags"]} == {"layernorm", "optimizer_logs"}
    assert results["score"] == PARTS["layernorm"].points + PARTS["optimizer_logs"].points
    with pytest.raises(ValueError, match="unknown part"):
        grade(SOLUTIONS, parts=["dropout"])
