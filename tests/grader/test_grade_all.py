"""grade-all: parallel, resumable batch grading on a process pool or a Dask cluster."""
import csv
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile

import pytest
from conftest import TOTAL
from nbgrader.api import Gradebook

from autograder.grading.pipeline import grade
from autograder.grading.grade_all import RECORD, grade_all
from autograder.layout import COURSE_ID, RELEASE, SOLUTIONS
from autograder.course.variants import make_mutant
from autograder.course.nbgrader_cli import make_course, run_nbgrader
from autograder.grading.report import part_scores


@pytest.fixture(scope="session")
def carol_alone(tmp_path_factory):
    """The mutant's results, graded on its own by python -m autograder grade."""
    return grade(make_mutant(SOLUTIONS, tmp_path_factory.mktemp("carol") / "fc_nets", "drop_probability"))


@pytest.fixture(scope="session")
def expected(carol_alone):
    assert 0 < carol_alone["score"] < TOTAL
    return {"alice": TOTAL, "bob": 0.0, "carol": carol_alone["score"]}


@pytest.fixture
def submitted(tmp_path):
    """nbgrader layout, a plain folder and a zip, side by side."""
    folder = tmp_path / "submitted"
    shutil.copytree(SOLUTIONS, folder / "alice" / "fc_nets", ignore=shutil.ignore_patterns("figures"))
    shutil.copytree(RELEASE, folder / "bob")
    mutant = make_mutant(SOLUTIONS, tmp_path / "carol", "drop_probability")
    with zipfile.ZipFile(folder / "carol.zip", "w") as zf:
        for path in mutant.rglob("*"):
            zf.write(path, path.relative_to(mutant).as_posix())
    return folder


def record_lines(out):
    return [json.loads(line) for line in (out / RECORD).read_text().splitlines()]


def test_process_pool_grades_everything_once_and_resumes(submitted, tmp_path, expected, carol_alone):
    out = tmp_path / "graded"
    records = grade_all(submitted, out, workers=2, progress=False)
    assert {r["student"]: r["score"] for r in records} == expected
    assert all(0 < r["worker_peak_mb"] < 1000 and r["subprocess_peak_mb"] > 0 for r in records)
    assert json.loads((out / "alice" / "results.json").read_text())["score"] == TOTAL
    rows = list(csv.DictReader(open(out / "grades.csv")))
    assert [row["student"] for row in rows] == ["alice", "bob", "carol"]
    assert any(column.startswith("Dropout forward pass: ") for column in rows[0])
    assert float(rows[2]["dropout_forward"]) == part_scores(carol_alone)["dropout_forward"][0]

    grade_all(submitted, out, workers=2, progress=False)  # nothing changed: nothing regraded
    assert len(record_lines(out)) == 3
    (submitted / "bob" / "deeplearning" / "layers.py").write_text(
        (SOLUTIONS / "deeplearning" / "layers.py").read_text())  # bob fixes his code
    records = grade_all(submitted, out, workers=2, progress=False)
    assert [line["student"] for line in record_lines(out)][3:] == ["bob"]
    assert {r["student"]: r["score"] for r in records}["bob"] > 0


def test_an_interrupted_run_continues_without_regrading(submitted, tmp_path, expected):
    out = tmp_path / "graded"
    command = [sys.executable, "-m", "autograder", "grade-all", str(submitted), "--out", str(out), "--workers", "1"]
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while not ((out / RECORD).is_file() and (out / RECORD).read_text().count("\n") >= 1):
        assert time.monotonic() < deadline and process.poll() is None
        time.sleep(0.2)
    os.killpg(process.pid, signal.SIGKILL)  # as hard as an interruption gets
    process.wait()
    done_before = {line["student"] for line in record_lines(out)}
    assert 1 <= len(done_before) < 3

    finished = subprocess.run(command, capture_output=True, text=True)
    assert finished.returncode == 0, finished.stderr
    lines = record_lines(out)
    assert sorted(line["student"] for line in lines) == ["alice", "bob", "carol"]  # each graded exactly once
    assert {line["student"]: line["score"] for line in lines} == expected


def test_dask_local_cluster_gives_the_same_scores(submitted, tmp_path, expected):
    from distributed import LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        records = grade_all(submitted, tmp_path / "graded", scheduler=cluster.scheduler_address, progress=False)
    assert {r["student"]: r["score"] for r in records} == expected


def test_scores_go_into_an_nbgrader_gradebook(submitted, tmp_path, carol_alone):
    course = make_course(tmp_path / "course")
    run_nbgrader("generate_assignment", "fc_nets", cwd=course, capture_output=True)
    grade_all(submitted, tmp_path / "graded", workers=2, gradebook=course / "gradebook.db", progress=False)
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gb:
        assert gb.find_submission("fc_nets", "alice").score == TOTAL
        assert (gb.find_grade("dropout_forward", "Dropout", "fc_nets", "carol").score
                == part_scores(carol_alone)["dropout_forward"][0])
