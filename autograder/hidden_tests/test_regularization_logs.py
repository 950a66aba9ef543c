"""The regularization experiment's logs: well-formed, as prescribed, close to the reference, genuine."""
import json

import numpy as np
import pytest
from conftest import fail
from autograder.spec import EXPERIMENT, ITERATIONS, LOGS, REPLAY_ITERATIONS

PART = "regularization_logs"
HISTORIES = ("loss_history", "train_acc_history", "val_acc_history")
EPOCH_VALUES = EXPERIMENT["num_epochs"] + 1
# Correct implementations differ from the reference only by float32 rounding, which
# grows over 125 Adam steps; these bands hold them with a wide margin (see the README).
BAND_MAX, BAND_MEAN = 0.10, 0.04


def read_log(path, label):
    """The arrays and the parsed config of one log; fails with a message on anything malformed."""
    if not path.is_file():
        fail(f"{label} is missing: run the regularization experiment cell and submit the submission_logs folder")
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
    except Exception as exc:
        fail(f"{label} cannot be read with np.load(allow_pickle=False) ({type(exc).__name__}): write it with "
             f"solver.record_histories_as_npz")
    missing = [key for key in (*HISTORIES, "config") if key not in arrays]
    if missing:
        fail(f"{label} lacks {', '.join(missing)}: write it with solver.record_histories_as_npz")
    try:
        config = json.loads(str(arrays["config"]))
        assert isinstance(config, dict)
    except Exception:
        fail(f"{label}: its config is not the JSON that record_histories_as_npz writes")
    return arrays, config


def student_logs(grading):
    logs = {}
    for keep, name in LOGS.items():
        problem = grading.manifest["log_problems"].get(name)
        if problem and problem != "is missing":
            fail(f"{name} {problem}")
        logs[keep] = read_log(grading.folder / "logs" / name.split("/")[-1], name)
    return logs


def reference_logs(grading):
    return {keep: read_log(grading.references / name.split("/")[-1], f"reference {name}") for keep, name in LOGS.items()}


@pytest.mark.points(2)
def test_logs_are_present_and_well_formed(grading):
    """Both logs load without pickle and hold complete, finite histories"""
    for keep, (arrays, _) in student_logs(grading).items():
        label = LOGS[keep]
        lengths = {"loss_history": ITERATIONS, "train_acc_history": EPOCH_VALUES, "val_acc_history": EPOCH_VALUES}
        for key, length in lengths.items():
            value = arrays[key]
            if value.dtype.kind not in "fiu" or value.shape != (length,):
                fail(f"{label}: {key} should hold {length} numbers, found shape {value.shape} of {value.dtype}")
            if not np.all(np.isfinite(value)):
                fail(f"{label}: {key} contains NaN or infinity")
        for key in ("train_acc_history", "val_acc_history"):
            if arrays[key].min() < 0 or arrays[key].max() > 1:
                fail(f"{label}: {key} has values outside [0, 1]")
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
        for key, (found, wanted) in expected.items():
            if found != wanted:
                fail(f"{label} was produced with {key} = {found!r}; the notebook prescribes {wanted!r}. "
                     f"Run the experiment cell unchanged.")
        reference_fingerprint = references[keep][1]["data_fingerprint"]
        if config.get("data_fingerprint") != reference_fingerprint:
            fail(f"{label} was trained on other data than the grader's (data fingerprint "
                 f"{config.get('data_fingerprint')!r}, expected {reference_fingerprint!r}, with "
                 f"{config.get('num_val')} validation images): load CIFAR-10 with the notebook's "
                 f"get_CIFAR10_data call on the full data set and rerun the experiment")


@pytest.mark.points(2)
def test_histories_are_close_to_the_reference(grading):
    """Accuracies per epoch stay within a band around the reference run"""
    references = reference_logs(grading)
    for keep, (arrays, _) in student_logs(grading).items():
        for key in ("train_acc_history", "val_acc_history"):
            if arrays[key].shape != references[keep][0][key].shape:
                fail(f"{LOGS[keep]}: {key} has {arrays[key].size} values, expected {EPOCH_VALUES}")
            gap = np.abs(arrays[key] - references[keep][0][key])
            if gap.max() > BAND_MAX or gap.mean() > BAND_MEAN:
                epoch = int(gap.argmax())
                fail(f"{LOGS[keep]}: {key.split('_')[0]} accuracy differs from the reference run by up to "
                     f"{gap.max():.3f} (epoch {epoch}) and by {gap.mean():.3f} on average; a correct implementation "
                     f"stays within {BAND_MAX} and {BAND_MEAN}")


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
