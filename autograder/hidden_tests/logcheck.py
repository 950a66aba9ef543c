"""Checks shared by the hidden tests of experiment logs (written by Solver.record_histories_as_npz)."""
import json
from pathlib import Path

import numpy as np
from conftest import fail

HISTORIES = ("loss_history", "train_acc_history", "val_acc_history")


def read_log(path, label):
    """The arrays and the parsed config of one log; fails with a message on anything malformed."""
    if not path.is_file():
        fail(f"{label} is missing: run the notebook's experiment cell and submit the submission_logs folder")
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


def student_log(grading, name):
    problem = grading.manifest["log_problems"].get(name)
    if problem and problem != "is missing":
        fail(f"{name} {problem}")
    return read_log(grading.folder / "logs" / Path(name).name, name)


def reference_log(grading, name):
    return read_log(grading.references / Path(name).name, f"reference {name}")


def check_histories(arrays, label, iterations=None, epochs=None, finite_loss=True):
    """Complete, finite histories of the expected lengths, accuracies in [0, 1] (finite_loss=False: the
    loss may overflow)."""
    lengths = {"loss_history": iterations, "train_acc_history": epochs, "val_acc_history": epochs}
    for key, length in lengths.items():
        value = arrays[key]
        if value.dtype.kind not in "fiu" or value.ndim != 1 or value.size == 0:
            fail(f"{label}: {key} should be a list of numbers, found shape {value.shape} of {value.dtype}")
        if length is not None and value.shape != (length,):
            fail(f"{label}: {key} should hold {length} numbers, found {value.size}")
        if (finite_loss or key != "loss_history") and not np.all(np.isfinite(value)):
            fail(f"{label}: {key} contains NaN or infinity")
    for key in ("train_acc_history", "val_acc_history"):
        if arrays[key].min() < 0 or arrays[key].max() > 1:
            fail(f"{label}: {key} has values outside [0, 1]")


def check_same_data(config, reference_config, label):
    if config.get("data_fingerprint") != reference_config["data_fingerprint"]:
        fail(f"{label} was trained on other data than the grader's (data fingerprint "
             f"{config.get('data_fingerprint')!r}, expected {reference_config['data_fingerprint']!r}): load "
             f"CIFAR-10 with the notebook's get_CIFAR10_data call on the full data set and rerun the experiment")


def check_prescribed(config, expected, label):
    """expected: {name: (value found in the config, value the notebook prescribes)}."""
    for key, (found, wanted) in expected.items():
        if found != wanted:
            fail(f"{label} was produced with {key} = {found!r}; the notebook prescribes {wanted!r}. "
                 f"Run the experiment cell unchanged.")


def check_band(arrays, reference_arrays, label, band_max, band_mean):
    """Accuracies per epoch within a band around the reference run."""
    for key in ("train_acc_history", "val_acc_history"):
        if arrays[key].shape != reference_arrays[key].shape:
            fail(f"{label}: {key} has {arrays[key].size} values, expected {reference_arrays[key].size}")
        gap = np.abs(arrays[key] - reference_arrays[key])
        if gap.max() > band_max or gap.mean() > band_mean:
            fail(f"{label}: {key.split('_')[0]} accuracy differs from the reference run by up to {gap.max():.3f} "
                 f"(epoch {int(gap.argmax())}) and by {gap.mean():.3f} on average; a correct implementation stays "
                 f"within {band_max} and {band_mean}")
