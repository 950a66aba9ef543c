"""The regularization experiment's logs: well-formed, as prescribed, close to the reference, genuine."""
import pytest

from autograder.parts.graded_experiments import REGULARIZATION as EXPERIMENT
from autograder.parts.checking import fail
from autograder.parts.logs import prescribed_log_checks, student_log

PART = "regularization_logs"


@pytest.mark.points(1)
def test_dropout_regularizes(grading):
    """Without dropout the net fits its 500 training images better than with keep ratio 0.25"""
    plain, dropped = (student_log(grading, name)[0]["train_acc_history"][-1] for name, _ in EXPERIMENT.logs.values())
    if not plain > dropped:
        fail(f"the final training accuracy without dropout ({plain:.3f}) should be above the one with keep ratio "
             f"0.25 ({dropped:.3f}): dropout makes fitting the training set harder", "dropout_not_regularizing")


@pytest.mark.points(3)
def test_logs_come_from_the_submitted_code(grading):
    """Re-running the start of both runs with your code and the recorded seed reproduces the logs"""
    for name, _ in EXPERIMENT.logs.values():
        student_log(grading, name)  # which replays the run


# The checks every prescribed experiment's logs get.
(test_logs_are_present_and_well_formed, test_runs_are_configured_as_the_notebook_prescribes,
 test_histories_are_close_to_the_reference) = prescribed_log_checks(
    EXPERIMENT, complete=(2, "Both logs load without pickle and hold complete, finite histories"),
    settings=(2, "Each log comes from the prescribed net, optimizer, seed and data"),
    band=(2, "Accuracies per epoch stay within a band around the reference run"), positive_loss=True)
