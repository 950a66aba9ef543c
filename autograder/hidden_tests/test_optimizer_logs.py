"""The update-rule comparison's logs: well-formed, as prescribed, close to the reference, plausible."""
import numpy as np
import pytest
from conftest import fail
from logcheck import check_band, check_histories, check_prescribed, check_same_data, reference_log, student_log
from autograder.spec import OPTIMIZER_EXPERIMENT as EXPERIMENT, OPTIMIZER_LOGS as LOGS

PART = "optimizer_logs"
ITERATIONS = EXPERIMENT["num_epochs"] * (EXPERIMENT["num_train"] // EXPERIMENT["batch_size"])
BAND_MAX, BAND_MEAN = EXPERIMENT["band"]


@pytest.mark.points(1)
def test_logs_are_present_and_well_formed(grading):
    """One log per update rule, loadable without pickle, with complete finite histories"""
    for rule, name in LOGS.items():
        arrays, _ = student_log(grading, name)
        check_histories(arrays, name, ITERATIONS, EXPERIMENT["num_epochs"] + 1)


@pytest.mark.points(2)
def test_runs_are_configured_as_the_notebook_prescribes(grading):
    """Each log comes from the prescribed net, update rule, learning rate, seed and data"""
    for rule, name in LOGS.items():
        _, config = student_log(grading, name)
        model = config.get("model", {})
        check_prescribed(config, {
            "hidden_dims": (model.get("hidden_dims"), EXPERIMENT["hidden_dims"]),
            "weight_scale": (model.get("weight_scale"), EXPERIMENT["weight_scale"]),
            "normalization": (model.get("normalization"), None),
            "dropout_keep_ratio": (model.get("dropout_keep_ratio"), 1.0),
            "update_rule": (config.get("update_rule"), rule),
            "learning_rate": ((config.get("optim_config") or {}).get("learning_rate"),
                              EXPERIMENT["learning_rates"][rule]),
            "batch_size": (config.get("batch_size"), EXPERIMENT["batch_size"]),
            "num_epochs": (config.get("num_epochs"), EXPERIMENT["num_epochs"]),
            "seed": (config.get("seed"), EXPERIMENT["seed"]),
            "num_train": (config.get("num_train"), EXPERIMENT["num_train"]),
        }, name)
        check_same_data(config, reference_log(grading, name)[1], name)


@pytest.mark.points(2)
def test_histories_are_close_to_the_reference(grading):
    """Accuracies per epoch stay within a band around the reference runs"""
    for rule, name in LOGS.items():
        check_band(student_log(grading, name)[0], reference_log(grading, name)[0], name, BAND_MAX, BAND_MEAN)


@pytest.mark.points(1)
def test_adaptive_rules_train_faster(grading):
    """SGD+momentum, RMSProp and Adam end with a lower training loss than plain SGD"""
    final = {rule: float(np.mean(student_log(grading, name)[0]["loss_history"][-20:])) for rule, name in LOGS.items()}
    slower = [rule for rule in ("sgd_momentum", "rmsprop", "adam") if not final[rule] < final["sgd"]]
    if slower:
        fail(f"{', '.join(slower)} did not reach a lower training loss than sgd (mean of the last 20 losses: "
             + ", ".join(f"{rule} {loss:.3f}" for rule, loss in final.items()) + ")")
