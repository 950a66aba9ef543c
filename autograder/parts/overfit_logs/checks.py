"""The overfitting runs' logs: each net fits its 50 training images perfectly within 20 epochs."""
import pytest

from autograder.parts.graded_experiments import OVERFIT as EXPERIMENT
from autograder.parts.checking import fail
from autograder.parts.logs import check_logs_complete, check_logs_settings, student_log

PART = "overfit_logs"


@pytest.mark.points(1)
def test_runs_are_configured_as_the_notebook_prescribes(grading):
    """Both logs are complete and come from the prescribed nets, SGD, 50 training images and 20 epochs"""
    check_logs_complete(grading, EXPERIMENT)
    check_logs_settings(grading, EXPERIMENT)


@pytest.mark.points(2)
def test_both_nets_overfit(grading):
    """The three-layer and the five-layer net each reach 100% training accuracy"""
    for name, _ in EXPERIMENT.logs.values():
        arrays, config = student_log(grading, name)
        best = float(arrays["train_acc_history"].max())
        if best < 1.0:
            learning_rate = (config.get("optim_config") or {}).get("learning_rate")
            weight_scale = (config.get("model") or {}).get("weight_scale")
            fail(f"{name}: the best training accuracy is {best:.2f}, not 1.0 (learning rate {learning_rate}, weight "
                 f"scale {weight_scale}): tune the two until the net fits all 50 images", "does_not_overfit")
