"""nbgrader integration: `nbgrader autograde fc_nets` scores with the kit's grader.

nbgrader runs the submitted notebooks in a Jupyter kernel with the grader's
permissions and takes a grade cell's score from that cell's own output, which
student code running earlier in the same kernel could forge. So, configured in
nbgrader_config.py:

- `grade_before_autograde` (Autograde.pre_convert_hook) grades the submission
  with autograder.grading.pipeline first (student code sandboxed, scores computed where
  none of it ran) and leaves the results where the notebook's hidden grade
  cells display them; results.json and results.txt go with the feedback;
- `SandboxedExecute` runs nbgrader's kernel in the sandbox: it may read and write
  only the autograded copy of the submission (and read the data set); a kernel
  that dies fails its remaining cells instead of the whole submission. It runs only
  the grade cells, and `ClearRerunOutputs` (in place of nbgrader's ClearOutput) keeps
  the outputs of the student's own run in every other cell: the student's code is
  graded in the sandbox already, and running the notebooks again would cost minutes
  and more than a gigabyte per submission at full scale
  (`c.SandboxedExecute.rerun_notebooks = True` runs them all, as plain nbgrader does);
- `TrustedScores`, right after nbgrader saved the scores the notebook printed
  (SaveAutoGrades), replaces them in the gradebook with the grader's, so that
  nbgrader's late-submission penalty (AssignLatePenalties, next) is computed on them;
- `RepairSubmission`, the first step of nbgrader's sanitizing, rebuilds notebooks
  that Colab, VS Code or JupyterLab rewrote on the released notebook
  (autograder.grading.repair) and leaves the list of repairs next to the autograded copy;
- `attach_report_to_feedback` (GenerateFeedback.post_convert_hook) adds results.txt
  to every notebook's feedback page: `nbgrader release_feedback` hands students
  the pages only;
- `CollectSubmissions` (ExchangeFactory.collect) collects what students submitted,
  experiment logs and figures included.

nbgrader runs the converters (autograde, generate_feedback) in the course folder,
so the hooks find its folders from the current directory.
"""
import html
import json
import sys
from pathlib import Path

import nbformat
from nbclient.exceptions import DeadKernelError
from nbformat.v4 import new_output
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.exchange.default import ExchangeCollect
from nbgrader.preprocessors import ClearOutput, Execute, NbGraderPreprocessor
from nbgrader.utils import is_grade
from traitlets import Bool

from ..grading.pipeline import grade
from ..sandbox.isolation import describe
from ..layout import CIFAR10_IN_ASSIGNMENT, COURSE_ID, NOT_SUBMITTED, grading_dataset
from .notebooks import SandboxedKernelManager
from ..grading.repair import repair_notebook
from ..parts import PARTS
from ..grading.report import format_part, part_scores

RESULTS_FOR_CELLS = ".autograder_results.json"
REPORT_ID = "fc-nets-grader-report"  # the feedback pages' section with results.txt
_trusted_scores = {}  # student id -> {part: score}, or None when grading failed


def _submission_of(notebooks):
    """(student id, submitted assignment folder) from the notebook paths nbgrader passes to hooks."""
    folder = Path(notebooks[0]).resolve().parent
    return folder.parent.name, folder


def grade_before_autograde(assignment, student, notebooks):
    student_id, submission = _submission_of(notebooks)
    _trusted_scores[student_id] = None  # until graded: nbgrader goes on when a hook raises
    dest = Path.cwd() / "autograded" / student_id / assignment
    dest.mkdir(parents=True, exist_ok=True)
    # Only the parts of the notebooks nbgrader autogrades now (all submitted ones, or --notebook's):
    # nbgrader itself scores a notebook that was not submitted 0.
    autograded = {Path(notebook).stem for notebook in notebooks}
    parts = [name for name, part in PARTS.items() if part.notebook in autograded]
    try:
        course = Path.cwd()  # student code must reach none of the course's folders, other students' included
        guard = {f"the course's {name}": course / name for name in ("source", "submitted", "autograded", "feedback",
                                                                     "gradebook.db") if (course / name).exists()}
        results = grade(submission, out=dest / "results.json", parts=parts, guard=guard)
        scores = part_scores(results)
        _trusted_scores[student_id] = {part: scores[part][0] for part in parts}
        cells = {part: {"score": scores[part][0], "report": format_part(results, part)} for part in parts}
        print(f"[autograder] {student_id}: {results['score']:g} points from the kit's grader. "
              + describe(results["extra_data"]["isolation"]))
    except Exception as exc:  # never let nbgrader continue with unchecked scores
        _trusted_scores[student_id] = None
        cells = {part: {"score": 0.0, "report": f"The grader failed on this submission: {exc!r}"} for part in parts}
        print(f"[autograder] ERROR grading {student_id}: {exc!r}; its graded parts get 0", file=sys.stderr)
    (dest / RESULTS_FOR_CELLS).write_text(json.dumps(cells))
    # The re-executed notebook loads CIFAR-10 from inside the assignment folder.
    link = dest / CIFAR10_IN_ASSIGNMENT
    link.parent.mkdir(parents=True, exist_ok=True)
    if not link.is_symlink():
        link.symlink_to(grading_dataset(), target_is_directory=True)


class TrustedScores(NbGraderPreprocessor):
    """Put the grader's scores of the notebook's parts into the gradebook, in place of what the notebook printed.

    It runs right after nbgrader's SaveAutoGrades and before AssignLatePenalties, which computes a late
    submission's penalty from the notebook's score in the gradebook: from the grader's, then, and never from
    what student code made the re-run notebook print (or not print, when it ended its kernel).
    """

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        student_id, notebook = info["student"], info["notebook"]
        trusted = _trusted_scores.get(student_id)
        with Gradebook(info["db_url"], COURSE_ID) as gb:
            for part in PARTS:
                try:
                    grade_row = gb.find_grade(part, notebook, info["assignment"], student_id)
                except MissingEntry:
                    continue
                score = trusted[part] if trusted else 0.0
                if grade_row.auto_score != score:
                    print(f"[autograder] {student_id} {part}: the notebook reported {grade_row.auto_score}, "
                          f"recording the grader's {score}", file=sys.stderr)
                grade_row.auto_score = score
            gb.db.commit()
        return nb, resources


def attach_report_to_feedback(assignment, student, notebooks):
    """Append the grader's results.txt to each notebook's feedback page (GenerateFeedback.post_convert_hook).

    `nbgrader release_feedback` and `fetch_feedback` hand students one HTML page per notebook and nothing
    else, so the whole report (every part, the notes, the written answers) goes into each page.
    """
    student_id, autograded = _submission_of(notebooks)
    report = autograded / "results.txt"
    text = report.read_text() if report.is_file() else "The grader left no report for this submission."
    section = (f'\n<section id="{REPORT_ID}" style="max-width: 1000px; margin: 2em auto; padding: 0 1em;">\n'
               f"<h2>The grader's report on the whole assignment (results.txt)</h2>\n"
               f'<pre style="white-space: pre-wrap;">{html.escape(text)}</pre>\n</section>\n')
    feedback = Path.cwd() / "feedback" / student_id / assignment
    for notebook in notebooks:
        page = feedback / f"{Path(notebook).stem}.html"
        if not page.is_file():
            continue
        content = page.read_text()  # new: nbgrader writes the pages again before it calls this hook
        at = content.rfind("</main>")  # the end of nbgrader's feedback page
        at = at if at >= 0 else content.rfind("</body>")
        page.write_text(content[:at] + section + content[at:] if at >= 0 else content + section)


class CollectSubmissions(ExchangeCollect):
    """nbgrader's collect, which copies what students submitted, experiment logs and figures included.

    nbgrader copies a submission out of the exchange leaving out CourseDirectory.ignore, which the kit sets
    to what must stay out of a release (NOT_DISTRIBUTED: logs, figures, data): the graded logs would be
    lost. Submissions are copied leaving out what students' `nbgrader submit` leaves out (NOT_SUBMITTED).
    """

    def do_copy(self, src, dest, log=None):
        ignore = self.coursedir.ignore
        self.coursedir.ignore = NOT_SUBMITTED
        try:
            super().do_copy(src, dest, log)
        finally:
            self.coursedir.ignore = ignore


def reruns(config):
    """Whether autograde runs every cell of the submitted notebooks again (SandboxedExecute.rerun_notebooks)."""
    return bool(config.SandboxedExecute.get("rerun_notebooks", False))


class SandboxedExecute(Execute):
    """nbgrader's Execute, with the kernel in the sandbox and survivable kernel deaths; by default it runs only the
    grade cells (which show the kit's report), not the student's code."""

    rerun_notebooks = Bool(False, help=(
        "Run every cell of the submitted notebooks again, as plain nbgrader does. The scores come from the kit's "
        "grader either way; running the notebooks again only renews their outputs, and at full scale costs minutes "
        "and about 1.2 GB of memory per submission (each notebook loads the whole CIFAR-10 as float32). By default "
        "only the grade cells run and every other cell keeps the outputs of the student's own run.")).tag(config=True)

    def __init__(self, *args, **kwargs):
        kwargs["kernel_manager_class"] = SandboxedKernelManager
        super().__init__(*args, **kwargs)

    def preprocess(self, nb, resources=None, km=None):
        self._kernel_died = False
        return super().preprocess(nb, resources, km)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code" or not (self.rerun_notebooks or is_grade(cell)):
            return cell, resources
        if self._kernel_died:
            cell.outputs = [new_output("error", ename="DeadKernelError", evalue="not run: the kernel died earlier",
                                       traceback=["The kernel died in an earlier cell, so this cell did not run."])]
            return cell, resources
        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self._kernel_died = True
            cell.outputs.append(new_output("error", ename="DeadKernelError", evalue="the kernel died",
                                           traceback=["The kernel died while running this cell (the process exited "
                                                      "or ran out of memory)."]))
            return cell, resources


class ClearRerunOutputs(ClearOutput):
    """nbgrader's ClearOutput for the cells SandboxedExecute runs again; the other cells keep their outputs."""

    def preprocess_cell(self, cell, resources, index):
        if reruns(self.config) or is_grade(cell):
            return super().preprocess_cell(cell, resources, index)
        return cell, resources


class RepairSubmission(NbGraderPreprocessor):
    """Rebuild a submitted notebook on the released one before nbgrader sanitizes it."""

    def preprocess(self, nb, resources):
        info = resources["nbgrader"]
        template = Path.cwd() / "release" / info["assignment"] / f"{info['notebook']}.ipynb"
        repaired, repairs = repair_notebook(nb, json.loads(template.read_text()))
        nb = nbformat.reads(json.dumps(repaired), as_version=4)
        report = Path.cwd() / "autograded" / info["student"] / info["assignment"] / f"{info['notebook']}.repairs.txt"
        report.parent.mkdir(parents=True, exist_ok=True)
        lines = [f"- {line}" for line in repairs] or ["- nothing to repair"]
        report.write_text(f"Repairs of {info['notebook']}.ipynb submitted by {info['student']}:\n" + "\n".join(lines) + "\n")
        for line in repairs:
            self.log.warning("%s/%s.ipynb: %s", info["student"], info["notebook"], line)
        return nb, resources
