"""The deep-network experiment's logs: well-formed, as prescribed, close to the reference, plausible."""
import pytest
from conftest import fail
from logcheck import check_band, check_histories, check_prescribed, check_same_data, reference_log, student_log
from autograder.spec import BATCHNORM_EXPERIMENT as EXPERIMENT, BATCHNORM_LOGS as LOGS

PART = "batchnorm_logs"
ITERATIONS = EXPERIMENT["num_epochs"] * (EXPERIMENT["num_train"] // EXPERIMENT["batch_size"])
BAND_MAX, BAND_MEAN = EXPERIMENT["band"]


@pytest.mark.points(1)
def test_logs_are_present_and_well_formed(grading):
    """Both logs load without pickle and hold complete, finite histories"""
    for name in LOGS.values():
        check_histories(student_log(grading, name)[0], name, ITERATIONS, EXPERIMENT["num_epochs"] + 1)


@pytest.mark.points(2)
def test_runs_are_configured_as_the_notebook_prescribes(grading):
    """Each log comes from the prescribed net, normalization, optimizer, seed and data"""
    for normalization, name in LOGS.items():
        _, config = student_log(grading, name)
        model = config.get("model", {})
        check_prescribed(config, {
            "hidden_dims": (model.get("hidden_dims"), EXPERIMENT["hidden_dims"]),
            "weight_scale": (model.get("weight_scale"), EXPERIMENT["weight_scale"]),
            "normalization": (model.get("normalization"), normalization),
            "update_rule": (config.get("update_rule"), EXPERIMENT["update_rule"]),
            "learning_rate": ((config.get("optim_config") or {}).get("learning_rate"), EXPERIMENT["learning_rate"]),
            "batch_size": (config.get("batch_size"), EXPERIMENT["batch_size"]),
            "num_epochs": (config.get("num_epochs"), EXPERIMENT["num_epochs"]),
            "seed": (config.get("seed"), EXPERIMENT["seed"]),
            "num_train": (config.get("num_train"), EXPERIMENT["num_train"]),
        }, name)
        check_same_data(config, reference_log(grading, name)[1], name)


@pytest.mark.points(2)
def test_histories_are_close_to_the_reference(grading):
    """Accuracies per epoch stay within a band around the reference runs"""
    for name in LOGS.values():
        check_band(student_log(grading, name)[0], reference_log(grading, name)[0], name, BAND_MAX, BAND_MEAN)


@pytest.mark.points(1)
def test_batchnorm_trains_faster(grading):
    """With batch normalization the deep net reaches a higher training accuracy"""
    baseline, batchnorm = (student_log(grading, name)[0]["train_acc_history"] for name in LOGS.values())
    if not batchnorm.max() > baseline.max():
        fail(f"the best training accuracy with batch normalization ({batchnorm.max():.3f}) should exceed the one "
             f"without ({baseline.max():.3f})")
