# nbgrader configuration of the kit; nbgrader reads it when run from this folder.
import atexit
import os
import shutil
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def _configuration_did_not_load():
    # Registered first and unregistered on the last line: it runs only if this file
    # stopped half-way. nbgrader then logs the error and carries on WITHOUT the kit's
    # configuration, so a release would keep its solutions. Refuse loudly instead.
    print("\nERROR: nbgrader_config.py failed to load (see the traceback above); nbgrader ran without "
          "the kit's configuration.", file=sys.stderr)
    if "generate_assignment" in sys.argv:
        shutil.rmtree(os.path.join(HERE, "release"), ignore_errors=True)
        print("release/ was deleted: it was generated without the release hook and may hold solutions.",
              file=sys.stderr)
    sys.stderr.flush()
    os._exit(1)


atexit.register(_configuration_did_not_load)

from nbgrader.converters import Autograde, GenerateFeedback  # noqa: E402
from nbgrader.preprocessors import AssignLatePenalties, ClearHiddenTests, ClearOutput, Execute  # noqa: E402

from autograder.layout import COURSE_ID, NOT_DISTRIBUTED, STUDENT_FILES  # noqa: E402
from autograder.course.nbgrader_hooks import (  # noqa: E402
    ClearRerunOutputs, CollectSubmissions, RepairSubmission, SandboxedExecute, TrustedScores,
    attach_report_to_feedback, grade_before_autograde,
)
from autograder.course.release import post_convert_hook  # noqa: E402

c = get_config()  # noqa: F821 (provided by nbgrader when it loads this file)

c.CourseDirectory.root = HERE
c.CourseDirectory.course_id = COURSE_ID
c.CourseDirectory.ignore = NOT_DISTRIBUTED
# collect (also formgrader's button): submissions keep their logs and figures, which NOT_DISTRIBUTED leaves out.
c.ExchangeFactory.collect = CollectSubmissions

# generate_assignment: nbgrader copies .py files verbatim, so this hook stubs their
# solution regions and refuses the release (exit 1, release deleted) on any leak.
c.GenerateAssignment.post_convert_hook = post_convert_hook

# autograde: grade the students' own .py files, not source/'s, ...
c.Autograde.exclude_overwriting = {"fc_nets": STUDENT_FILES}
# ... with the kit's grader (student code sandboxed, scores computed where none of
# it ran) before nbgrader re-runs the notebook; its scores go into the gradebook (TrustedScores, below).
c.Autograde.pre_convert_hook = grade_before_autograde
# Notebooks rewritten by Colab, VS Code or JupyterLab are rebuilt on the release first; the outputs of the cells that
# are not run again (all but the grade cells) are kept.
c.Autograde.sanitize_preprocessors = [
    RepairSubmission, *(ClearRerunOutputs if step is ClearOutput else step
                        for step in Autograde.class_traits()["sanitize_preprocessors"].default())
]
# The notebook's kernel is sandboxed too, survives a dying kernel, and runs only the grade cells (which show the kit's
# report): the student's code was graded in the sandbox already. To run every cell again, as plain nbgrader does
# (minutes and more than a gigabyte per submission at full scale):
# c.SandboxedExecute.rerun_notebooks = True
# The grader's scores replace the notebook's in the gradebook before nbgrader computes a late submission's penalty.
autograde_steps = []
for step in Autograde.class_traits()["autograde_preprocessors"].default():
    if step is AssignLatePenalties:
        autograde_steps.append(TrustedScores)
    autograde_steps.append(SandboxedExecute if step is Execute else step)
if TrustedScores not in autograde_steps or SandboxedExecute not in autograde_steps:
    raise RuntimeError(f"nbgrader's autograde steps changed ({autograde_steps}): the kit's cannot be put in place")
c.Autograde.autograde_preprocessors = autograde_steps
c.Execute.timeout = 600  # seconds per cell; the experiment cell takes a few seconds
# Warnings on stderr would zero a grade cell: drop the harmless kinds.
c.IgnorePattern.enabled = True
c.IgnorePattern.pattern = r"(Runtime|Deprecation|Future|User)Warning|Matplotlib is building the font cache"

# generate_feedback: students see each part's report (the grade cell's output), not the
# code of the hidden grade cells.
c.GenerateFeedback.preprocessors = [
    ClearHiddenTests, *GenerateFeedback.class_traits()["preprocessors"].default()
]
# release_feedback hands students the notebooks' pages only: results.txt goes into each page.
c.GenerateFeedback.post_convert_hook = attach_report_to_feedback

atexit.unregister(_configuration_did_not_load)
