"""The weight-scale sweep's logs: complete, as prescribed, and batchnorm trains where the baseline cannot."""
import pytest

from autograder.parts.graded_experiments import WEIGHT_SCALE as EXPERIMENT, WEIGHT_SCALES
from autograder.parts.checking import fail
from autograder.parts.logs import check_logs_complete, check_logs_settings, student_log

PART = "weight_scale_logs"


@pytest.mark.points(2)
def test_runs_are_configured_as_the_notebook_prescribes(grading):
    """All 20 logs are complete and come from the prescribed nets, scales, optimizer and data"""
    # The baseline's loss may overflow at the largest scales; the accuracies must be complete.
    check_logs_complete(grading, EXPERIMENT, finite_loss=False)
    check_logs_settings(grading, EXPERIMENT, data_of_every_log=False)


@pytest.mark.points(1)
def test_batchnorm_trains_at_tiny_scales(grading):
    """At the three smallest scales the batchnorm net ends with a higher training accuracy than the baseline (measured
    again by the grader)"""
    for index in range(3):
        baseline, batchnorm = (float(student_log(grading, EXPERIMENT.path((index, norm)))[0]["train_acc_history"][-1])
                               for norm in (None, "batchnorm"))
        if not batchnorm > baseline:
            fail(f"at weight scale {WEIGHT_SCALES[index]:.2e} the batchnorm net's final training accuracy "
                 f"({batchnorm:.3f}) should exceed the baseline's ({baseline:.3f}): batch normalization undoes a "
                 f"too small initialization", "batchnorm_not_better_at_small_scales")
