"""The graded experiments (their settings, written here once) and the public checks of their logs.

Every experiment cell of the notebooks writes logs with Solver.record_histories_as_npz;
the log parts' modules (optimizer_logs.py, ...) check them with log_checks(part). The
grader reads the same settings and adds its own checks (reference runs, replays).
"""
import contextlib
import io
import json
import os

import numpy as np

from .common import Checks, ToDo, fail

HISTORIES = ("loss_history", "train_acc_history", "val_acc_history")

# What each experiment cell of the notebooks runs: its logs {key: (path, the settings of that log only)} and the
# settings every log records (dotted keys of the config that Solver.record_histories_as_npz writes; None holds the
# place of a setting that each log defines itself). The grader reads them from here (autograder/parts/graded_experiments.py).
REGULARIZATION = dict(  # Dropout.ipynb: the same net without dropout and with keep ratio 0.25
    num_train=500, num_epochs=25, batch_size=100,
    logs={keep: (f"submission_logs/dropout_regularization_keep{keep:g}.npz", {"model.dropout_keep_ratio": keep})
          for keep in (1.0, 0.25)},
    settings={"model.hidden_dims": [500], "model.dropout_keep_ratio": None, "model.reg": 0.0,
              "model.dtype": "float32", "update_rule": "adam", "optim_config.learning_rate": 5e-4,
              "batch_size": 100, "num_epochs": 25, "lr_decay": 1.0, "seed": 231, "num_train": 500},
)
OPTIMIZERS = dict(  # FullyConnectedNets.ipynb: the same six-layer net trained with each update rule
    num_train=4000, num_epochs=5, batch_size=100,
    logs={rule: (f"submission_logs/optimizer_{rule}.npz", {"update_rule": rule, "optim_config.learning_rate": rate})
          for rule, rate in {"sgd": 5e-3, "sgd_momentum": 5e-3, "rmsprop": 1e-4, "adam": 1e-3}.items()},
    settings={"model.hidden_dims": [100] * 5, "model.weight_scale": 5e-2, "model.normalization": None,
              "model.dropout_keep_ratio": 1.0, "update_rule": None, "optim_config.learning_rate": None,
              "batch_size": 100, "num_epochs": 5, "seed": 231, "num_train": 4000},
)
DEEP_BATCHNORM = dict(  # BatchNormalization.ipynb: a deep net without and with batch normalization
    num_train=1000, num_epochs=10, batch_size=50,
    logs={None: ("submission_logs/batchnorm_deep_baseline.npz", {"model.normalization": None}),
          "batchnorm": ("submission_logs/batchnorm_deep_batchnorm.npz", {"model.normalization": "batchnorm"})},
    settings={"model.hidden_dims": [100] * 5, "model.weight_scale": 2e-2, "model.normalization": None,
              "update_rule": "adam", "optim_config.learning_rate": 1e-3, "batch_size": 50, "num_epochs": 10,
              "seed": 231, "num_train": 1000},
)
OVERFIT = dict(  # FullyConnectedNets.ipynb: 50 images; you choose the learning rate and the weight scale
    num_train=50, num_epochs=20, batch_size=25,
    logs={(100, 100): ("submission_logs/overfit_three_layer.npz", {"model.hidden_dims": [100, 100]}),
          (100,) * 4: ("submission_logs/overfit_five_layer.npz", {"model.hidden_dims": [100] * 4})},
    settings={"model.hidden_dims": None, "update_rule": "sgd", "batch_size": 25, "num_epochs": 20, "num_train": 50},
)
WEIGHT_SCALES = [float(scale) for scale in np.logspace(-4, 0, num=10)]
WEIGHT_SCALE = dict(  # BatchNormalization.ipynb: eight-layer nets without and with batchnorm for 10 weight scales
    num_train=1000, num_epochs=10, batch_size=50,
    logs={(i, normalization): (f"submission_logs/weight_scale/scale{i}_{normalization or 'baseline'}.npz",
                               {"model.weight_scale": scale, "model.normalization": normalization})
          for i, scale in enumerate(WEIGHT_SCALES) for normalization in (None, "batchnorm")},
    settings={"model.weight_scale": None, "model.hidden_dims": [50] * 7, "model.normalization": None,
              "update_rule": "adam", "optim_config.learning_rate": 1e-3, "batch_size": 50, "num_epochs": 10,
              "seed": 231, "num_train": 1000},
)
# The experiments of the log parts, and the runs whose settings you choose (graded on their validation accuracy).
PART_EXPERIMENTS = {"regularization_logs": REGULARIZATION, "optimizer_logs": OPTIMIZERS,
                    "batchnorm_logs": DEEP_BATCHNORM, "overfit_logs": OVERFIT, "weight_scale_logs": WEIGHT_SCALE}
TRAINING_LOGS = {"two_layer_net_training": "submission_logs/two_layer_net.npz",
                 "best_model": "submission_logs/best_model.npz"}
# The experiment logs each log part reads (relative to the assignment folder).
PART_LOGS = {**{part: [path for path, _ in experiment["logs"].values()] for part, experiment in PART_EXPERIMENTS.items()},
             **{part: [path] for part, path in TRAINING_LOGS.items()}}


def prescribed(experiment, key):
    """{dotted config key: value} that the log `key` of the experiment must record."""
    return {**experiment["settings"], **experiment["logs"][key][1]}


def check_iterations(config):
    """The iterations (from 0) after which a run with these settings (a log's config) measured its accuracies: the
    first, and the last of every epoch (as Solver's loop measures them)."""
    per_epoch = max(int(config["num_train"]) // int(config["batch_size"]), 1)
    last = int(config["num_epochs"]) * per_epoch - 1
    return sorted({0, last, *range(per_epoch - 1, last + 1, per_epoch)})


def history_lengths(experiment):
    """Accuracies are recorded after the first iteration and at the end of every epoch."""
    iterations = experiment["num_epochs"] * (experiment["num_train"] // experiment["batch_size"])
    return {"loss_history": iterations, "train_acc_history": experiment["num_epochs"] + 1,
            "val_acc_history": experiment["num_epochs"] + 1}


# ------------------------------------------------------------------ reading and checking a log
def missing_log(label):
    return f"{label} is missing: run the notebook's experiment cell and submit the submission_logs folder"


def read_log(path, label):
    """The arrays and the parsed config of one log (its recorded parameters only by name: arrays["files"] lists every
    array of the file); fails with a message on anything malformed."""
    if not os.path.isfile(path):
        fail(missing_log(label), "log_missing")
    try:
        with np.load(path, allow_pickle=False) as log:  # the recorded parameters are only listed, under "files"
            arrays = {key: log[key] for key in log.files if "/" not in key}
            arrays["files"] = np.array(log.files, dtype=str)
    except Exception as exc:
        fail(f"{label} cannot be read with np.load(allow_pickle=False) ({type(exc).__name__}): write it with "
             f"solver.record_histories_as_npz", "log_unreadable")
    missing = [key for key in (*HISTORIES, "config") if key not in arrays]
    if missing:
        fail(f"{label} lacks {', '.join(missing)}: write it with solver.record_histories_as_npz", "log_unreadable")
    try:
        config = json.loads(str(arrays["config"]))
        assert isinstance(config, dict)
    except Exception:
        fail(f"{label}: its config is not the JSON that record_histories_as_npz writes", "log_unreadable")
    return arrays, config


def check_histories(arrays, label, lengths=None, finite_loss=True):
    """Complete, finite histories (of the given lengths {key: n}, if given), accuracies in [0, 1]
    (finite_loss=False: the loss may overflow)."""
    for key in HISTORIES:
        value = arrays[key]
        if value.dtype.kind not in "fiu" or value.ndim != 1 or value.size == 0:
            fail(f"{label}: {key} should be a list of numbers, found shape {value.shape} of {value.dtype}",
                 "log_incomplete")
        if lengths and lengths.get(key) is not None and value.shape != (lengths[key],):
            fail(f"{label}: {key} should hold {lengths[key]} numbers, found {value.size}", "log_incomplete")
        if (finite_loss or key != "loss_history") and not np.all(np.isfinite(value)):
            fail(f"{label}: {key} contains NaN or infinity", "log_not_finite")
    for key in HISTORIES[1:]:
        if arrays[key].min() < 0 or arrays[key].max() > 1:
            fail(f"{label}: {key} has values outside [0, 1]", "log_incomplete")


def setting(config, dotted_key):
    """config['model']['hidden_dims'] for 'model.hidden_dims'; None where a level is missing."""
    value = config
    for key in dotted_key.split("."):
        value = value.get(key) if isinstance(value, dict) else None
    return value


def _matches(found, wanted):
    if isinstance(wanted, float):  # recorded through JSON: equal to 1e-9
        return isinstance(found, (int, float)) and not isinstance(found, bool) and bool(
            np.isclose(found, wanted, rtol=1e-9, atol=0))
    return found == wanted


def check_settings(config, settings, label):
    """The log records the settings {dotted key: value} that the notebook prescribes."""
    for dotted_key, wanted in settings.items():
        found = setting(config, dotted_key)
        if not _matches(found, wanted):
            fail(f"{label} was produced with {dotted_key.rpartition('.')[2]} = {found!r}; the notebook prescribes "
                 f"{wanted!r}. Run the experiment cell unchanged.", "log_settings")


def check_same_data(config, fingerprint, label):
    """The log's run was trained and validated on the data with this fingerprint (data_utils.data_fingerprint)."""
    if config.get("data_fingerprint") != fingerprint:
        fail(f"{label} was trained on other data than the grader's (data fingerprint "
             f"{config.get('data_fingerprint')!r}, expected {fingerprint!r}): load CIFAR-10 with the notebook's "
             f"get_CIFAR10_data call on the full data set and rerun the experiment", "log_data")


def recorded_params(path):
    """Which parameters the log at path records: the best ones for the runs graded on their best validation accuracy
    (the notebook's call passes params="best"), the last ones for the others."""
    return "best" if path in TRAINING_LOGS.values() else "last"


def check_replayable(config, label, arrays=None):
    """A log the grader can check records the model (with its random state), the solver's settings, the data, the
    random state at every accuracy check, and the parameters behind its claims (arrays: the log's arrays)."""
    missing = [key for key in ("model", "update_rule", "optim_config", "batch_size", "data_fingerprint",
                               "check_states", "recorded_params") if config.get(key) is None]
    if isinstance(config.get("model"), dict) and "random_state" not in config["model"]:
        missing.append("the model's random_state")
    if arrays is not None and not any(str(key).startswith("params/") for key in arrays.get("files", ())):
        missing.append("the model's parameters")
    if missing:
        fail(f"{label} does not record {', '.join(missing)}, which the grader needs to check its numbers: write it "
             f"with the given solver.record_histories_as_npz after solver.train(), as the notebook's cell does",
             "log_not_replayable")
    which = config["recorded_params"].get("which") if isinstance(config["recorded_params"], dict) else None
    if which != recorded_params(label):
        fail(f"{label} records the {which} parameters of its run; the notebook's cell records the "
             f"{recorded_params(label)} ones (params=\"{recorded_params(label)}\"): run the cell unchanged",
             "log_settings")


# ------------------------------------------------------------------ the public checks of a log part
_FINGERPRINTS = {}  # {num_train: fingerprint} of the notebooks' data, computed once per process


def _data_fingerprint(num_train):
    """The fingerprint of the data an experiment trains on: the notebooks' get_CIFAR10_data(shrink_to_fit=True),
    its first num_train training images (None: all of them) and the whole validation set."""
    if num_train not in _FINGERPRINTS:
        from ..data_utils import DatasetError, data_fingerprint, get_CIFAR10_data

        try:
            with contextlib.redirect_stdout(io.StringIO()):  # its note about a smaller copy of CIFAR-10
                data = get_CIFAR10_data(shrink_to_fit=True)
        except Exception as exc:  # noqa: BLE001 - missing, partial or broken: the message says how to fetch it
            detail = exc if isinstance(exc, DatasetError) else f"it cannot be loaded ({type(exc).__name__}: {exc})"
            raise ToDo(f"the data fingerprint of your logs needs CIFAR-10 here: {detail}") from None
        for n in {None, num_train, *(experiment["num_train"] for experiment in PART_EXPERIMENTS.values())}:
            _FINGERPRINTS[n] = data_fingerprint(data["X_train"][:n], data["y_train"][:n], data["X_val"], data["y_val"])
    return _FINGERPRINTS[num_train]


def log_checks(part):
    """The public checks of a log part: every log present, complete, replayable, configured as prescribed, on the
    notebooks' CIFAR-10 data."""
    experiment = PART_EXPERIMENTS.get(part)
    checks = Checks(part)

    @checks.add("Every log is present and complete, written by record_histories_as_npz"
                + (" with the settings the notebook prescribes" if experiment else "") + ", on the notebooks' "
                "CIFAR-10 data")
    def _logs():
        for key in experiment["logs"] if experiment else [None]:
            path = experiment["logs"][key][0] if experiment else TRAINING_LOGS[part]
            if not os.path.isfile(path):
                raise ToDo(missing_log(path))
            arrays, config = read_log(path, path)
            check_histories(arrays, path, history_lengths(experiment) if experiment else None,
                            finite_loss=part != "weight_scale_logs")
            check_replayable(config, path, arrays)
            if experiment:
                check_settings(config, prescribed(experiment, key), path)
            check_same_data(config, _data_fingerprint(experiment["num_train"] if experiment else None), path)

    return checks
