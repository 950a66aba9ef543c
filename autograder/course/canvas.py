"""Grades out in Canvas's own format: a gradebook import CSV (Canvas: Grades -> Import).

Two sources write it, through one writer (`write_canvas_csv`):

- nbgrader's gradebook: `nbgrader export --exporter=autograder.course.canvas.CanvasExport --to canvas.csv`
  (`CanvasExport`, an nbgrader export plugin);
- grade-all's results: `python -m autograder grade-all submitted/ --canvas canvas.csv` (`write_from_records`).

Columns: one per assignment (default), per notebook or per graded part (`columns`: assignment, notebook, part),
named "fc_nets", "fc_nets: Dropout" and "fc_nets: Dropout: dropout_forward".

Canvas's format, as its documentation describes it and its importer reads it. Sources: Instructure's guide "How
do I import grades in the Gradebook?" (https://community.canvaslms.com/t5/Instructor-Guide/How-do-I-import-grades-in-the-Gradebook/ta-p/807),
as summarized by Ohio State's guide "Import a CSV file into Carmen Grades"
(https://teaching.resources.osu.edu/toolsets/carmencanvas/guides/calculating-final-grades/import-csv-file-carmen-grades)
and VCU's "Gradebook Action Menu" (read-only columns); PrairieLearn's tests of an import
(https://github.com/PrairieLearn/PrairieLearn/issues/4547); and Canvas's own code, lib/gradebook_importer.rb and
lib/gradebook_exporter.rb of https://github.com/instructure/canvas-lms (`header?`, `update_column_count`,
`strip_non_assignment_columns`, `check_for_non_student_row`, `process_student`; `Assignment.title_and_id`):

1. The header row starts with the student columns Student, ID, SIS User ID, SIS Login ID, Section; the importer
   refuses a file whose first two columns are not Student and ID or whose last student column is not Section.
2. Every later column is an assignment: "Title (123)" is the Canvas assignment with id 123, a column named as an
   assignment's title is that assignment, any other name creates a new assignment of that name.
3. A row whose first cell says "Points Possible" gives the new assignments their points (the first data row here;
   Canvas's ProcessGradebookUpload creates new assignments with them, an existing assignment keeps its own).
4. Canvas's computed columns (Current/Final/Unposted Score, Points, Grade, Override ...) are read-only and ignored
   on import: never written.
5. A row's student is found by ID (Canvas's user id), else SIS User ID, else SIS Login ID, else the name; a blank
   score changes nothing in Canvas.

Without a roster the grader's student id goes into SIS Login ID (with nbgrader's "Last, First" as Student where
it has names). With a roster (a gradebook CSV exported from Canvas, or any CSV with Canvas's student columns)
each student's id is looked up in its SIS Login ID, SIS User ID and ID columns, the row gets the roster's five
student columns, and a column whose name is the title of an assignment of the roster gets the roster's header
("fc_nets (4242)"), so the import updates that assignment. Graded students missing from the roster are written
with their id as SIS Login ID and reported (Canvas lists them as unknown students to match by hand).
"""
import csv
import re
from dataclasses import dataclass, field
from pathlib import Path

from nbgrader.api import MissingEntry
from nbgrader.plugins import ExportPlugin
from traitlets import Enum, Unicode

STUDENT_COLUMNS = ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
POINTS_POSSIBLE = "    Points Possible"  # as Canvas's own export writes it
LEVELS = ("assignment", "notebook", "part")
# Where a grader's student id is looked up in a roster, in this order.
ROSTER_KEYS = ("SIS Login ID", "SIS User ID", "ID")
# "Title (id)", as Canvas's Assignment.title_and_id reads an assignment column's header.
TITLE_AND_ID = re.compile(r"\A(.*)\s\((\d+)\)\Z")
# Headers the importer never reads as assignments: its student columns (GRADEBOOK_IMPORTER_RESERVED_NAMES) and,
# anywhere in a header, the names of its computed columns (NON_ASSIGNMENT_COLUMN_HEADERS).
RESERVED = {*STUDENT_COLUMNS, "LastName", "FirstName", "Integration ID", "Root Account"}
READ_ONLY = re.compile("Current Score|Current Points|Current Grade|Final Score|Final Points|Final Grade|"
                       "Override Score|Override Grade|Override Status")


def column_name(level, assignment, notebook, cell):
    """The Canvas assignment the column of a graded cell becomes at a level of LEVELS: "fc_nets",
    "fc_nets: Dropout" or "fc_nets: Dropout: dropout_forward"."""
    return ": ".join([assignment, notebook, cell][:LEVELS.index(level) + 1])


@dataclass
class Graded:
    """One student's row: the grader's student id, a display name, {column: score or None (blank)}."""
    student: str
    name: str = ""
    scores: dict = field(default_factory=dict)


def _number(value):
    """A score as Canvas reads it: a plain decimal number (at most 4 decimals), or blank for none."""
    return "" if value is None else f"{float(value):.4f}".rstrip("0").rstrip(".")


def read_roster(path):
    """(the rows' student columns as dicts, {assignment title: header}) of a CSV with Canvas's student columns."""
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))
    header = rows[0] if rows else []
    missing = [name for name in ("Student", "ID", "SIS Login ID", "Section") if name not in header]
    if missing:
        raise SystemExit(f"{path}: not a Canvas gradebook export (no column {', '.join(missing)}); export it in "
                         "Canvas with Grades -> Export")
    students = []
    for row in rows[1:]:
        entry = {name: row[header.index(name)].strip() if name in header and header.index(name) < len(row) else ""
                 for name in STUDENT_COLUMNS}
        # Canvas's export has a "Points Possible" row and, with hidden grades, a row of "Manual Posting" notes.
        if "Points Possible" in entry["Student"] or not any(entry[key] for key in ("Student", *ROSTER_KEYS)):
            continue
        students.append(entry)
    titles = {}
    for name in header[header.index("Section") + 1:]:
        match = TITLE_AND_ID.match(name)
        titles.setdefault(match.group(1) if match else name, name)
    return students, titles


def _roster_index(students):
    index = {}
    for key in ROSTER_KEYS:
        for entry in students:
            if entry[key]:
                index.setdefault((key, entry[key]), entry)
    return index


def write_canvas_csv(path, columns, graded, roster=None):
    """Write Canvas's gradebook import CSV; return the problems to report (students missing from the roster).

    columns: {column name: points possible}, in order; graded: [Graded], one per student.
    """
    ignored = [name for name in columns if name in RESERVED or READ_ONLY.search(name)]
    if ignored:
        raise ValueError(f"Canvas would not import the columns {ignored}: rename them")
    problems = []
    headers = dict(zip(columns, columns))
    rows_of = {}
    if roster:
        students, titles = read_roster(roster)
        headers = {name: titles.get(name, name) for name in columns}
        index = _roster_index(students)
        for student in graded:
            entry = next((index[key, student.student] for key in ROSTER_KEYS if (key, student.student) in index), None)
            if entry is None:
                problems.append(f"{student.student} is not in the roster {roster} (no such SIS Login ID, SIS User "
                                "ID or ID): written with the id as SIS Login ID; match the student in Canvas's import")
            rows_of[student.student] = entry
        matched = {id(entry) for entry in rows_of.values() if entry is not None}
        ungraded = [entry["Student"] or entry["SIS Login ID"] for entry in students if id(entry) not in matched]
        if ungraded:
            problems.append(f"{len(ungraded)} students of the roster have no grades here (not written, Canvas keeps "
                            f"their scores): {'; '.join(ungraded)}")
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        writer.writerow([*STUDENT_COLUMNS, *headers.values()])
        writer.writerow([POINTS_POSSIBLE, "", "", "", "", *(_number(points) for points in columns.values())])
        for student in graded:
            entry = rows_of.get(student.student)
            identity = ([entry[name] for name in STUDENT_COLUMNS] if entry else
                        [student.name or student.student, "", "", student.student, ""])
            writer.writerow([*identity, *(_number(student.scores.get(name)) for name in columns)])
    return problems


# ------------------------------------------------------------------------------------------- from grade-all
def write_from_records(records, path, roster=None, columns="assignment"):
    """The Canvas CSV of grade-all's records (one per student): the autograded parts only.

    The written answers are not graded by grade-all (their points are left out of every column), and no late
    penalty applies (the standalone grader knows no due date). A grading that raised leaves the row blank.
    """
    from ..layout import ASSIGNMENT
    from ..parts import PARTS

    def column(part):
        return column_name(columns, ASSIGNMENT, part.notebook, part.name)

    points = {}
    for part in PARTS.values():
        points[column(part)] = points.get(column(part), 0.0) + part.points
    graded, problems = [], []
    for record in sorted(records, key=lambda r: r["student"]):
        scores = {}
        for name, score in record["parts"].items():
            scores[column(PARTS[name])] = scores.get(column(PARTS[name]), 0.0) + score
        if record["score"] is None:
            problems.append(f"{record['student']}: {record.get('error', 'not graded')}; its row is left blank")
        graded.append(Graded(record["student"], scores=scores))
    return problems + write_canvas_csv(path, points, graded, roster=roster)


# --------------------------------------------------------------------------------- from nbgrader's gradebook
def _scores(submission, level):
    """{column: score} of one nbgrader submission, with the late penalties nbgrader assigned.

    nbgrader keeps scores raw: SubmittedNotebook.score is the sum of the grades, and the late penalty its
    LateSubmissionPlugin computed at autograde is a separate field, SubmittedNotebook.late_submission_penalty
    (nbgrader's own CSV export and feedback subtract it: score - penalty, at least 0). Here every notebook counts
    score - penalty, and its parts share the penalty in proportion to their scores, so that they add up to it.
    A grade that waits for manual grading is blank in a part column and counts 0 in a total, as in nbgrader's.
    """
    scores = {}
    for notebook in submission.notebooks:
        raw = notebook.score
        kept = (raw - min(notebook.late_submission_penalty or 0.0, raw)) / raw if raw else 1.0
        for grade in notebook.grades:
            if not grade.max_score:
                continue
            name = column_name(level, submission.assignment.name, notebook.name, grade.name)
            if level == "part":
                scores[name] = None if grade.needs_manual_grade else grade.score * kept
            else:
                scores[name] = scores.get(name, 0.0) + grade.score * kept
    return scores


class CanvasExport(ExportPlugin):
    """nbgrader export plugin: the gradebook as a Canvas gradebook import CSV.

        nbgrader export --exporter=autograder.course.canvas.CanvasExport --to canvas.csv \\
            [--CanvasExport.columns=assignment|notebook|part] [--CanvasExport.roster=canvas_export.csv]

    nbgrader's --assignment and --student limit the export as they limit nbgrader's own CSV.
    """

    columns = Enum(LEVELS, default_value="assignment",
                   help="one Canvas column per assignment, per notebook or per graded cell").tag(config=True)
    roster = Unicode("", help="a gradebook CSV exported from Canvas: its students' Student, ID, SIS and Section "
                              "columns and its assignments' ids are used").tag(config=True)

    def export(self, gradebook):
        dest = self.to or "canvas.csv"
        assignments = [a for a in gradebook.assignments if not self.assignment or a.name in self.assignment]
        points = {}
        for assignment in assignments:
            for notebook in assignment.notebooks:
                for cell in [*notebook.grade_cells, *notebook.task_cells]:
                    if cell.max_score:
                        name = column_name(self.columns, assignment.name, notebook.name, cell.name)
                        points[name] = points.get(name, 0.0) + cell.max_score
        graded, unsubmitted, pending = [], [], []
        for student in gradebook.students:
            if self.student and student.id not in self.student:
                continue
            scores = {}
            for assignment in assignments:
                try:
                    submission = gradebook.find_submission(assignment.name, student.id)
                except MissingEntry:
                    unsubmitted.append(f"{student.id} ({assignment.name})")
                    continue
                if submission.needs_manual_grade:
                    pending.append(f"{student.id} ({assignment.name})")
                scores.update(_scores(submission, self.columns))
            graded.append(Graded(student.id, ", ".join(n for n in (student.last_name, student.first_name) if n),
                                 scores))
        self.log.info("Exporting the grades of %d students in %d Canvas columns to %s", len(graded), len(points), dest)
        if unsubmitted:
            self.log.warning("No submission (left blank, Canvas keeps what it has): %s", "; ".join(unsubmitted))
        if pending:
            self.log.warning("Written answers not graded yet (blank in part columns, 0 in totals): %s",
                             "; ".join(pending))
        for problem in write_canvas_csv(dest, points, graded, roster=self.roster or None):
            self.log.warning(problem)
