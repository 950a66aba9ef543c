"""The regularization experiment's logs: well-formed, as prescribed, close to the reference, genuine."""
import numpy as np
import pytest
from conftest import fail
from logcheck import (check_band, check_histories, check_prescribed, check_same_data, reference_log,
                      student_log)
from autograder.spec import EXPERIMENT, ITERATIONS, LOGS, REPLAY_ITERATIONS

PART = "regularization_logs"
EPOCH_VALUES = EXPERIMENT["num_epochs"] + 1
BAND_MAX, BAND_MEAN = EXPERIMENT["band"]


def student_logs(grading):
    return {keep: student_log(grading, name) for keep, name in LOGS.items()}


def reference_logs(grading):
    return {keep: reference_log(grading, name) for keep, name in LOGS.items()}


@pytest.mark.points(2)
def test_logs_are_present_and_well_formed(grading):
    """Both logs load without pickle and hold complete, finite histories"""
    for keep, (arrays, _) in student_logs(grading).items():
        label = LOGS[keep]
        check_histories(arrays, label, ITERATIONS, EPOCH_VALUES)
        if arrays["loss_history"].min() <= 0:
            fail(f"{label}: a softmax loss is always positive")


@pytest.mark.points(2)
def test_runs_are_configured_as_the_notebook_prescribes(grading):
    """Each log comes from the prescribed net, optimizer, seed and data"""
    references = reference_logs(grading)
    for keep, (_, config) in student_logs(grading).items():
        label = LOGS[keep]
        model = config.get("model", {})
        expected = {
            "hidden_dims": (model.get("hidden_dims"), EXPERIMENT["hidden_dims"]),
            "dropout_keep_ratio": (model.get("dropout_keep_ratio"), keep),
            "reg": (model.get("reg"), 0.0),
            "dtype": (model.get("dtype"), "float32"),
            "update_rule": (config.get("update_rule"), EXPERIMENT["update_rule"]),
            "learning_rate": ((config.get("optim_config") or {}).get("learning_rate"), EXPERIMENT["learning_rate"]),
            "batch_size": (config.get("batch_size"), EXPERIMENT["batch_size"]),
            "num_epochs": (config.get("num_epochs"), EXPERIMENT["num_epochs"]),
            "lr_decay": (config.get("lr_decay"), 1.0),
            "seed": (config.get("seed"), EXPERIMENT["seed"]),
            "num_train": (config.get("num_train"), EXPERIMENT["num_train"]),
        }
        check_prescribed(config, expected, label)
        check_same_data(config, references[keep][1], label)


@pytest.mark.points(2)
def test_histories_are_close_to_the_reference(grading):
    """Accuracies per epoch stay within a band around the reference run"""
    references = reference_logs(grading)
    for keep, (arrays, _) in student_logs(grading).items():
        check_band(arrays, references[keep][0], LOGS[keep], BAND_MAX, BAND_MEAN)


@pytest.mark.points(1)
def test_dropout_regularizes(grading):
    """Without dropout the net fits its 500 training images better than with keep ratio 0.25"""
    logs = student_logs(grading)
    plain, dropped = (logs[keep][0]["train_acc_history"][-1] for keep in EXPERIMENT["keep_ratios"])
    if not plain > dropped:
        fail(f"the final training accuracy without dropout ({plain:.3f}) should be above the one with keep ratio "
             f"0.25 ({dropped:.3f}): dropout makes fitting the training set harder")


@pytest.mark.points(3)
def test_logs_come_from_the_submitted_code(grading):
    """Re-running the first epoch with your code and the recorded seed reproduces the logs"""
    logs = student_logs(grading)
    replay = grading.outputs(PART, "replay_first_epoch")
    for keep in EXPERIMENT["keep_ratios"]:
        arrays, _ = logs[keep]
        losses = grading.array(replay, f"loss_{keep:g}", shape=(REPLAY_ITERATIONS,), what="the replayed losses")
        if not np.allclose(arrays["loss_history"][:REPLAY_ITERATIONS], losses, rtol=1e-3, atol=0):
            fail(f"{LOGS[keep]}: re-running the first epoch with your code gives the losses "
                 f"{np.round(losses, 4).tolist()}, but the log starts with "
                 f"{np.round(arrays['loss_history'][:REPLAY_ITERATIONS], 4).tolist()}: the log was not produced "
                 f"by the code you submitted (or the notebook's experiment cell was changed)")
        for key in ("train_acc", "val_acc"):
            replayed = grading.array(replay, f"{key}_{keep:g}", shape=(2,), what="the replayed accuracies")
            if not np.allclose(arrays[f"{key}_history"][:2], replayed, atol=0.011, rtol=0):
                fail(f"{LOGS[keep]}: re-running the first epoch with your code gives {key.replace('_', ' ')} "
                     f"{replayed.tolist()}, but the log has {arrays[f'{key}_history'][:2].tolist()}: the log was not "
                     f"produced by the code you submitted (or the notebook's experiment cell was changed)")
