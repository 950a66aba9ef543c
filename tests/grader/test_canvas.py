"""Grades out in Canvas's format: grade-all's --canvas and the nbgrader export plugin autograder.course.canvas.CanvasExport.

Every CSV is checked by `check_canvas_import`, written from Canvas's documentation of a gradebook import ("How do I
import grades in the Gradebook?") and from the importer it describes (canvas-lms lib/gradebook_importer.rb); the
sources are cited in autograder/course/canvas.py. It shares no code with the writer.
"""
import csv
import json
import re
import shutil
import subprocess
import sys

import pytest
from nbgrader.api import Gradebook

from autograder.course.canvas import write_from_records
from autograder.grading.grade_all import RECORD, read_record
from autograder.layout import COURSE_ID, RELEASE, SOLUTIONS
from autograder.course.variants import make_mutant
from autograder.course.nbgrader_cli import run_nbgrader
from autograder.parts import MANUAL, PARTS
from autograder.grading.report import part_scores

# Canvas's computed columns: read-only, ignored by an import (the importer drops any header containing one).
CANVAS_READ_ONLY = ["Current Score", "Current Points", "Current Grade", "Final Score", "Final Points", "Final Grade",
                    "Override Score", "Override Grade", "Override Status", "Unposted"]


def check_canvas_import(path):
    """Canvas's rules for a gradebook import; returns (points possible {column: points}, {SIS Login ID: row})."""
    text = path.read_bytes().decode("utf-8")  # Canvas reads UTF-8
    rows = list(csv.reader(text.splitlines()))
    header = rows[0]
    # The student columns: Student and ID first, SIS Login ID (after SIS User ID, if there is one), Section last.
    assert header[:2] == ["Student", "ID"], header
    students = header.index("Section") + 1
    assert header[2:students - 1] in (["SIS Login ID"], ["SIS User ID", "SIS Login ID"]), header
    assignments = header[students:]
    assert assignments and len(set(assignments)) == len(assignments), assignments
    assert not [name for name in assignments if any(word in name for word in CANVAS_READ_ONLY)]
    assert all(len(row) == len(header) for row in rows), "every row has every column"
    # The first data row gives the points possible of the assignments (of new ones: Canvas creates them).
    assert "Points Possible" in rows[1][0] and not any(rows[1][1:students])
    points = {name: float(value) for name, value in zip(assignments, rows[1][students:])}
    assert all(value > 0 for value in points.values())
    graded = {}
    for row in rows[2:]:
        entry = dict(zip(header, row))
        # Canvas finds the student by ID, SIS User ID or SIS Login ID (here always the last).
        assert entry["SIS Login ID"] and entry["SIS Login ID"] not in graded, "one row per student"
        for name in assignments:
            # A score is a number of points within the points possible, or blank (no change in Canvas).
            assert entry[name] == "" or 0 <= float(entry[name]) <= points[name], (name, entry[name])
        graded[entry["SIS Login ID"]] = entry
    return points, graded


def score(entry, column):
    return None if entry[column] == "" else float(entry[column])


def run(*args):
    return subprocess.run([sys.executable, "-m", "autograder", *map(str, args)], capture_output=True, text=True)


# ------------------------------------------------------------------------------------ grade-all --canvas
@pytest.fixture(scope="module")
def graded_class(tmp_path_factory):
    """grade-all on the answer key (alice), the untouched release (bob) and a mutant (carol), with --canvas."""
    root = tmp_path_factory.mktemp("canvas_class")
    submitted = root / "submitted"
    shutil.copytree(SOLUTIONS, submitted / "alice" / "fc_nets", ignore=shutil.ignore_patterns("figures"))
    shutil.copytree(RELEASE, submitted / "bob" / "fc_nets")
    make_mutant(SOLUTIONS, submitted / "carol" / "fc_nets", "drop_probability")
    result = run("grade-all", submitted, "--out", root / "graded", "--workers", "2", "--canvas", root / "parts.csv",
                 "--canvas-columns", "part")
    assert result.returncode == 0, result.stderr[-3000:]
    results = {student: json.loads((root / "graded" / student / "results.json").read_text())
               for student in ("alice", "bob", "carol")}
    return root, results


grade_all_group = pytest.mark.xdist_group("canvas_grade_all")  # they share graded_class


@grade_all_group
def test_grade_all_writes_one_canvas_column_per_part(graded_class):
    root, results = graded_class
    points, graded = check_canvas_import(root / "parts.csv")
    assert points == {f"fc_nets: {part.notebook}: {name}": part.points for name, part in PARTS.items()}
    assert sorted(graded) == ["alice", "bob", "carol"]
    for student, entry in graded.items():
        assert entry["Student"] == student and entry["ID"] == entry["Section"] == ""
        assert {name: score(entry, f"fc_nets: {part.notebook}: {name}") for name, part in PARTS.items()} == \
            {name: value for name, (value, _) in part_scores(results[student]).items()}
    assert sum(score(graded["alice"], column) for column in points) == sum(points.values())
    assert all(score(graded["bob"], column) == 0 for column in points)
    assert score(graded["carol"], "fc_nets: Dropout: dropout_forward") < PARTS["dropout_forward"].points


@grade_all_group
@pytest.mark.parametrize("columns", ["assignment", "notebook"])
def test_notebook_and_assignment_columns_add_up_the_parts(graded_class, tmp_path, columns):
    root, results = graded_class
    records = list(read_record(root / "graded").values())
    assert write_from_records(records, tmp_path / "canvas.csv", columns=columns) == []
    points, graded = check_canvas_import(tmp_path / "canvas.csv")
    notebooks = {part.notebook for part in PARTS.values()}
    expected = ({"fc_nets": sum(part.points for part in PARTS.values())} if columns == "assignment" else
                {f"fc_nets: {notebook}": sum(p.points for p in PARTS.values() if p.notebook == notebook)
                 for notebook in notebooks})
    assert points == expected
    for student, entry in graded.items():
        assert sum(score(entry, column) for column in points) == pytest.approx(results[student]["score"])


def canvas_gradebook_export(path):
    """A roster as Canvas's Grades -> Export writes it (with SIS ids): student columns, an assignment of the course
    with its id, read-only totals, the Points Possible row, students (erin has not submitted; carol is missing)."""
    rows = [["Student", "ID", "SIS User ID", "SIS Login ID", "Section", "Quiz 1 (77)", "fc_nets (4242)",
             "Current Score", "Unposted Current Score", "Final Score", "Unposted Final Score"],
            ["    Points Possible", "", "", "", "", "5", "111", "(read only)", "(read only)", "(read only)",
             "(read only)"],
            ["Doe, Alice", "1001", "A-1", "alice", "Section 1", "4", "", "80", "80", "40", "40"],
            ["Roe, Bob", "1002", "bob", "broe", "Section 2", "5", "", "100", "100", "50", "50"],
            ["Poe, Erin", "1005", "E-5", "erin", "Section 1", "", "", "", "", "0", "0"]]
    with open(path, "w", newline="", encoding="utf-8-sig") as f:  # Canvas's export may start with a BOM
        csv.writer(f).writerows(rows)
    return path


@grade_all_group
def test_a_roster_exported_from_canvas_matches_students_and_assignment(graded_class):
    root, results = graded_class
    roster = canvas_gradebook_export(root / "canvas_export.csv")
    result = run("grade-all", root / "submitted", "--out", root / "graded", "--canvas", root / "with_roster.csv",
                 "--canvas-roster", roster)
    assert result.returncode == 0, result.stderr[-3000:]
    assert len((root / "graded" / RECORD).read_text().splitlines()) == 3  # nothing graded again
    points, graded = check_canvas_import(root / "with_roster.csv")
    assert points == {"fc_nets (4242)": sum(part.points for part in PARTS.values())}  # updates the assignment 4242
    alice, bob = graded["alice"], graded["broe"]  # bob's grader id is his SIS User ID
    assert [alice[c] for c in ("Student", "ID", "SIS User ID", "Section")] == ["Doe, Alice", "1001", "A-1", "Section 1"]
    assert (bob["ID"], bob["SIS User ID"], score(bob, "fc_nets (4242)")) == ("1002", "bob", 0)
    assert score(alice, "fc_nets (4242)") == results["alice"]["score"]
    # carol is not in the roster: written with her id and reported; erin, not graded, is reported and not written.
    assert graded["carol"]["ID"] == "" and score(graded["carol"], "fc_nets (4242)") == results["carol"]["score"]
    assert "erin" not in graded
    problems = [line for line in result.stderr.splitlines() if line.startswith("canvas: ")]
    assert len(problems) == 2 and "carol is not in the roster" in problems[0] and "Poe, Erin" in problems[1]


# ------------------------------------------------------------------------ nbgrader export --exporter=...
def nbgrader_export(course, db, *args):
    result = run_nbgrader("export", "--db", f"sqlite:///{db}", *args, cwd=course, capture_output=True)
    return result.stdout + result.stderr


@pytest.mark.xdist_group("nbgrader")  # the course nbgrader autograded once (conftest.autograded_course)
def test_nbgrader_export_plugin_writes_a_canvas_import(autograded_course, tmp_path):
    root, autograde, _ = autograded_course
    assert autograde.returncode == 0, autograde.stderr[-3000:]
    db = tmp_path / "gradebook.db"  # a copy: the shared course stays as autograde left it
    shutil.copy(root / "gradebook.db", db)
    with Gradebook(f"sqlite:///{db}", COURSE_ID) as gb:  # carol was late: a penalty as nbgrader's plugin records it
        dropout = gb.find_submission_notebook("Dropout", "fc_nets", "carol")
        raw_dropout = dropout.score
        dropout.late_submission_penalty = raw_dropout / 4
        gb.db.commit()
        students = sorted(student.id for student in gb.students)

    log = nbgrader_export(root, db, "--exporter=autograder.course.canvas.CanvasExport", f"--to={tmp_path / 'parts.csv'}",
                          "--CanvasExport.columns=part")
    points, graded = check_canvas_import(tmp_path / "parts.csv")
    assert sorted(graded) == students and len(points) == len(PARTS) + len(MANUAL)
    for notebook in ("FullyConnectedNets", "BatchNormalization", "Dropout"):
        cells = {**{p: part.points for p, part in PARTS.items() if part.notebook == notebook},
                 **{a: value for a, (title, value) in MANUAL.items() if title.startswith(f"{notebook} ")}}
        assert {c: points[f"fc_nets: {notebook}: {c}"] for c in cells} == cells
    alice = graded["alice"]
    assert all(score(alice, f"fc_nets: {part.notebook}: {name}") == part.points for name, part in PARTS.items())
    assert all(score(alice, column) is None for column in points if "inline-question" in column)  # graded by hand
    assert "Written answers not graded yet" in log
    carol_dropout = [score(graded["carol"], column) or 0 for column in points if column.startswith("fc_nets: Dropout:")]
    assert sum(carol_dropout) == pytest.approx(raw_dropout * 3 / 4, abs=1e-3)  # the penalty, shared by the parts

    # One column per assignment: the score nbgrader's own export gives (raw score - late penalty).
    nbgrader_export(root, db, "--exporter=autograder.course.canvas.CanvasExport", f"--to={tmp_path / 'total.csv'}")
    nbgrader_export(root, db, f"--to={tmp_path / 'nbgrader.csv'}")
    points, graded = check_canvas_import(tmp_path / "total.csv")
    theirs = {row["student_id"]: float(row["score"])
              for row in csv.DictReader((tmp_path / "nbgrader.csv").read_text().splitlines())}
    assert points == {"fc_nets": sum(part.points for part in PARTS.values()) + sum(v for _, v in MANUAL.values())}
    assert {student: score(entry, "fc_nets") for student, entry in graded.items()} == pytest.approx(theirs, abs=1e-4)
    assert theirs["carol"] < theirs["alice"]


@pytest.mark.xdist_group("nbgrader")
def test_nbgrader_export_plugin_reads_a_canvas_roster(autograded_course, tmp_path):
    root, _, _ = autograded_course
    roster = canvas_gradebook_export(tmp_path / "canvas_export.csv")
    log = nbgrader_export(root, root / "gradebook.db", "--exporter=autograder.course.canvas.CanvasExport",
                          f"--to={tmp_path / 'canvas.csv'}", f"--CanvasExport.roster={roster}",
                          "--assignment=fc_nets", "--student=alice", "--student=carol")
    points, graded = check_canvas_import(tmp_path / "canvas.csv")
    assert list(points) == ["fc_nets (4242)"] and sorted(graded) == ["alice", "carol"]
    assert graded["alice"]["ID"] == "1001" and graded["carol"]["ID"] == ""
    assert re.search(r"carol is not in the roster", log)
