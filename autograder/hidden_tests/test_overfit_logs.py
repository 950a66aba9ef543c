"""The overfitting runs' logs: each net fits its 50 training images perfectly within 20 epochs."""
import pytest
from conftest import fail
from logcheck import check_histories, check_prescribed, check_same_data, reference_log, student_log
from autograder.spec import OVERFIT_EXPERIMENT as EXPERIMENT, OVERFIT_LOGS as LOGS

PART = "overfit_logs"
ITERATIONS = EXPERIMENT["num_epochs"] * (EXPERIMENT["num_train"] // EXPERIMENT["batch_size"])


@pytest.mark.points(1)
def test_runs_are_configured_as_the_notebook_prescribes(grading):
    """Both logs are complete and come from the prescribed nets, SGD, 50 training images and 20 epochs"""
    for hidden_dims, name in LOGS.items():
        arrays, config = student_log(grading, name)
        check_histories(arrays, name, ITERATIONS, EXPERIMENT["num_epochs"] + 1)
        model = config.get("model", {})
        check_prescribed(config, {
            "hidden_dims": (model.get("hidden_dims"), list(hidden_dims)),
            "update_rule": (config.get("update_rule"), EXPERIMENT["update_rule"]),
            "batch_size": (config.get("batch_size"), EXPERIMENT["batch_size"]),
            "num_epochs": (config.get("num_epochs"), EXPERIMENT["num_epochs"]),
            "num_train": (config.get("num_train"), EXPERIMENT["num_train"]),
        }, name)
        check_same_data(config, reference_log(grading, name)[1], name)


@pytest.mark.points(2)
def test_both_nets_overfit(grading):
    """The three-layer and the five-layer net each reach 100% training accuracy"""
    for name in LOGS.values():
        arrays, config = student_log(grading, name)
        best = float(arrays["train_acc_history"].max())
        if best < 1.0:
            learning_rate = (config.get("optim_config") or {}).get("learning_rate")
            weight_scale = (config.get("model") or {}).get("weight_scale")
            fail(f"{name}: the best training accuracy is {best:.2f}, not 1.0 (learning rate {learning_rate}, weight "
                 f"scale {weight_scale}): tune the two until the net fits all 50 images")
