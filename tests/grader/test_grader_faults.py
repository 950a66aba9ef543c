"""A grader fault is never the student's: when the grader's own data, memory or references fail, the checks say so
plainly, results.json marks the fault, `grade` and `grade-all` exit non-zero for the instructor, and the class
report lists it under integrity. Only failures inside student code may say "your code"."""
import csv
import json
import os
import shutil
import subprocess
import sys

import pytest

from autograder.course.class_report import INTEGRITY
from autograder.layout import REFERENCES, RELEASE, REPO, SOLUTIONS
from autograder.parts import PARTS
from autograder.course.references import IMAGES_FILE
from autograder.grading.report import part_scores

DATA_PARTS = sorted(name for name, part in PARTS.items() if part.replayed or part.proved)


def broken_references(tmp_path):
    """The grader's references with its copy of the training images cut short (a damaged download, a full disk)."""
    references = shutil.copytree(REFERENCES, tmp_path / "references")
    images = references / IMAGES_FILE
    images.write_bytes(images.read_bytes()[:100_000])
    return references


def grade_cli(submission, out, *options, references=REFERENCES):
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", str(submission), "--out", str(out), *options],
                         capture_output=True, text=True, cwd=REPO, env={**os.environ, "FC_NETS_REFERENCES": str(references)})
    return run, json.loads(out.read_text())


def assert_faults_are_the_graders(results, faulty_parts):
    failed = [test for test in results["tests"] if test.get("status") == "failed"]
    assert failed and not [test["output"] for test in failed if "your code" in test["output"]]
    assert all(test["extra_data"]["grader_fault"] for test in failed)
    assert {test["extra_data"]["part"] for test in failed} == set(faulty_parts)
    assert all(test["extra_data"]["mistake"].endswith("/grader_fault") for test in failed)
    listed = results["extra_data"]["grader_faults"]
    assert sorted(fault.split(":")[0] for fault in listed) == sorted(faulty_parts)
    assert all("This is a fault of the grader, not of the submission" in fault for fault in listed)


def test_the_graders_unreadable_data_is_its_fault_not_the_students(tmp_path):
    run, results = grade_cli(SOLUTIONS, tmp_path / "results.json", references=broken_references(tmp_path))
    assert run.returncode == 1
    assert_faults_are_the_graders(results, DATA_PARTS)
    assert all("the grader could not load its own copy of the data" in fault
               for fault in results["extra_data"]["grader_faults"])
    scores = part_scores(results)
    assert all(scores[name][0] == scores[name][1] for name in PARTS if name not in DATA_PARTS)  # the rest is graded
    assert "GRADER FAULT (not the student's): " in run.stderr
    report = (tmp_path / "results.txt").read_text()
    assert f"GRADER FAULTS: {len(DATA_PARTS)} part(s) could not be judged because of the grader" in report


def test_too_little_memory_for_correct_code_is_the_graders_fault(tmp_path):
    """With 150 MB a part's process cannot even replay the answer key's logs: that limit is the grader's fault."""
    run, results = grade_cli(SOLUTIONS, tmp_path / "results.json", "--memory-mb", "150")
    assert run.returncode == 1
    faulty = sorted({fault.split(":")[0] for fault in results["extra_data"]["grader_faults"]})
    assert set(faulty) >= {"regularization_logs", "best_model"}
    assert_faults_are_the_graders(results, faulty)
    assert all("150 MB of memory, less than correct code needs here" in fault
               for fault in results["extra_data"]["grader_faults"])


def test_a_missing_reference_log_is_the_graders_fault(tmp_path):
    references = shutil.copytree(REFERENCES, tmp_path / "references")
    (references / "optimizer_adam.npz").unlink()
    run, results = grade_cli(SOLUTIONS, tmp_path / "results.json", "--parts", "optimizer_logs,fc_net",
                             references=references)
    assert run.returncode == 1
    assert_faults_are_the_graders(results, ["optimizer_logs"])
    assert "reference log optimizer_adam.npz is missing or unreadable" in results["extra_data"]["grader_faults"][0]


def test_grade_all_and_the_class_report_tell_the_instructor(tmp_path):
    submitted = tmp_path / "submitted"
    shutil.copytree(SOLUTIONS, submitted / "alice" / "fc_nets", ignore=shutil.ignore_patterns("figures"))
    shutil.copytree(RELEASE, submitted / "bob" / "fc_nets")
    graded, references = tmp_path / "graded", broken_references(tmp_path)

    def grade_all(references):
        return subprocess.run([sys.executable, "-m", "autograder", "grade-all", str(submitted), "--out", str(graded),
                               "--workers", "2"], capture_output=True, text=True, cwd=REPO,
                              env={**os.environ, "FC_NETS_REFERENCES": str(references)})

    run = grade_all(references)
    assert run.returncode == 1
    assert "GRADER FAULT (not the student's) in alice" in run.stderr
    assert "2 submission(s) could not be fully graded because of the grader" in run.stderr
    record = {json.loads(line)["student"]: json.loads(line) for line in (graded / "record.jsonl").read_text().splitlines()}
    assert all(record[student]["grader_faults"] and record[student]["fingerprint"] is None for student in record)
    with open(graded / "grades.csv") as f:
        assert all("This is a fault of the grader" in row["problem"] for row in csv.DictReader(f))
    report = subprocess.run([sys.executable, "-m", "autograder", "class-report", str(graded), "--out",
                             str(tmp_path / "report")], capture_output=True, text=True, cwd=REPO)
    assert report.returncode == 0, report.stderr
    with open(tmp_path / "report" / "integrity.csv") as f:
        rows = [row for row in csv.DictReader(f) if row["what"] == INTEGRITY["grader_fault"]]
    # Every part that uses the data, for the answer key; for the release, whose logs are missing (its own fault),
    # only the checks that had to measure something first.
    assert {row["part"] for row in rows if row["student"] == "alice"} == set(DATA_PARTS)
    assert {row["part"] for row in rows if row["student"] == "bob"} <= set(DATA_PARTS)
    # Fixed: the same command grades both again (nothing was recorded as done), and all is well.
    run = grade_all(REFERENCES)
    assert run.returncode == 0, run.stderr
    scores = {student: json.loads((graded / student / "results.json").read_text())["score"] for student in record}
    assert scores == {"alice": pytest.approx(sum(part.points for part in PARTS.values())), "bob": 0}


def test_a_folder_that_does_not_exist_is_an_error_for_grade_all(tmp_path):
    run = subprocess.run([sys.executable, "-m", "autograder", "grade-all", str(tmp_path / "nowhere"), "--out",
                          str(tmp_path / "graded")], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 2 and run.stderr.startswith(f"error: {tmp_path / 'nowhere'} is not a folder")
