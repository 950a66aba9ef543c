"""The deep-network experiment's logs: well-formed, as prescribed, close to the reference, plausible."""
import pytest

from autograder.parts.graded_experiments import DEEP_BATCHNORM as EXPERIMENT
from autograder.parts.checking import fail
from autograder.parts.logs import prescribed_log_checks, student_log

PART = "batchnorm_logs"


@pytest.mark.points(1)
def test_batchnorm_trains_faster(grading):
    """With batch normalization the deep net ends with a higher training accuracy (measured again by the grader)"""
    baseline, batchnorm = (student_log(grading, name)[0]["train_acc_history"][-1]
                           for name, _ in EXPERIMENT.logs.values())
    if not batchnorm > baseline:
        fail(f"the final training accuracy with batch normalization ({batchnorm:.3f}) should exceed the one without "
             f"({baseline:.3f})", "batchnorm_not_faster")


# The checks every prescribed experiment's logs get.
(test_logs_are_present_and_well_formed, test_runs_are_configured_as_the_notebook_prescribes,
 test_histories_are_close_to_the_reference) = prescribed_log_checks(
    EXPERIMENT, complete=(1, "Both logs load without pickle and hold complete, finite histories"),
    settings=(2, "Each log comes from the prescribed net, normalization, optimizer, seed and data"),
    band=(2, "Accuracies per epoch stay within a band around the reference runs"))
