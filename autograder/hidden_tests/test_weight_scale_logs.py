"""The weight-scale sweep's logs: complete, as prescribed, and batchnorm trains where the baseline cannot."""
import numpy as np
import pytest
from conftest import fail
from logcheck import check_histories, check_prescribed, check_same_data, reference_log, student_log
from autograder.spec import WEIGHT_SCALE_EXPERIMENT as EXPERIMENT, WEIGHT_SCALE_LOGS as LOGS

PART = "weight_scale_logs"
ITERATIONS = EXPERIMENT["num_epochs"] * (EXPERIMENT["num_train"] // EXPERIMENT["batch_size"])


@pytest.mark.points(2)
def test_runs_are_configured_as_the_notebook_prescribes(grading):
    """All 20 logs are complete and come from the prescribed nets, scales, optimizer and data"""
    data_checked = False
    for (index, normalization), name in LOGS.items():
        arrays, config = student_log(grading, name)
        # The baseline's loss may overflow at the largest scales; the accuracies must be complete.
        check_histories(arrays, name, ITERATIONS, EXPERIMENT["num_epochs"] + 1, finite_loss=False)
        model = config.get("model", {})
        scale = model.get("weight_scale")
        if not isinstance(scale, float) or not np.isclose(scale, EXPERIMENT["weight_scales"][index], rtol=1e-9):
            fail(f"{name} was produced with weight_scale = {scale!r}; the notebook prescribes "
                 f"{EXPERIMENT['weight_scales'][index]!r}. Run the experiment cell unchanged.")
        check_prescribed(config, {
            "hidden_dims": (model.get("hidden_dims"), EXPERIMENT["hidden_dims"]),
            "normalization": (model.get("normalization"), normalization),
            "update_rule": (config.get("update_rule"), EXPERIMENT["update_rule"]),
            "learning_rate": ((config.get("optim_config") or {}).get("learning_rate"), EXPERIMENT["learning_rate"]),
            "batch_size": (config.get("batch_size"), EXPERIMENT["batch_size"]),
            "num_epochs": (config.get("num_epochs"), EXPERIMENT["num_epochs"]),
            "seed": (config.get("seed"), EXPERIMENT["seed"]),
            "num_train": (config.get("num_train"), EXPERIMENT["num_train"]),
        }, name)
        if not data_checked:
            check_same_data(config, reference_log(grading, name)[1], name)
            data_checked = True


@pytest.mark.points(1)
def test_batchnorm_trains_at_tiny_scales(grading):
    """At the three smallest scales the batchnorm net reaches a higher training accuracy than the baseline"""
    for index in range(3):
        baseline, batchnorm = (float(student_log(grading, LOGS[index, norm])[0]["train_acc_history"].max())
                               for norm in (None, "batchnorm"))
        if not batchnorm > baseline:
            fail(f"at weight scale {EXPERIMENT['weight_scales'][index]:.2e} the batchnorm net's best training "
                 f"accuracy ({batchnorm:.3f}) should exceed the baseline's ({baseline:.3f}): batch normalization "
                 f"undoes a too small initialization")
