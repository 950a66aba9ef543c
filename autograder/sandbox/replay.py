"""Log replays and audits, in a part's process: the student's code runs a logged experiment again on the grader's copy
of the data, and measures the parameters a log records.
"""
import json
import os

import numpy as np

from .child import describe_exception
from .protocol import log_key


def replay_logs(inputs, names=None):
    """Replay the start of every logged run (inputs["replayed"], or names) with the student's code: rebuild the model
    from the log's settings and random state, and run the first inputs["iterations"] iterations of its Solver on the
    grader's copy of the data (load_data). Returns {log_key(<log>, "loss"), ... "train_acc", ... "val_acc"}, or
    {log_key(<log>, "error")} with the reason a log could not be replayed."""
    out = {}
    for name in [str(name) for name in (inputs["replayed"] if names is None else names)]:
        try:
            losses, train_acc, val_acc = _replay(name, inputs)
        except BaseException as exc:  # noqa: BLE001 (whatever the student's code does, the other logs go on)
            out[log_key(name, "error")] = np.array(describe_exception(exc))
            continue
        out.update({log_key(name, "loss"): np.asarray(losses, dtype=np.float64),
                    log_key(name, "train_acc"): np.asarray(train_acc, dtype=np.float64),
                    log_key(name, "val_acc"): np.asarray(val_acc, dtype=np.float64)})
    return out


class CenteredImages:
    """Images as the notebooks feed them to the Solver (float32, the mean training image subtracted), made from the
    grader's uint8 copy a minibatch at a time: the whole training set as float32 would take 574 MiB at full scale,
    more than a part may use. Indexing gives the same numbers as indexing the notebook's float32 array."""

    def __init__(self, images, mean):
        self.images, self.mean = images, mean

    @property
    def shape(self):
        return self.images.shape

    def __len__(self):
        return len(self.images)

    def __getitem__(self, index):
        return self.images[index].astype(np.float32) - self.mean

    def first(self, n):
        """The first n images, still converted on demand."""
        return CenteredImages(self.images[:n], self.mean)


_DATA = {}  # the grader's copy of the experiments' data, loaded once by the supervisor and shared with the children


def load_data(data_file, images_file):
    """Load the grader's copy of the data (autograder/course/references.py): the training images memory-mapped, the rest in
    memory. Only the pages a part reads count towards its memory."""
    with np.load(data_file, allow_pickle=False) as npz:
        mean = npz["mean_image"]
        arrays = {key: npz[key] for key in ("y_train", "images_val", "y_val")}
    images = np.load(images_file, mmap_mode="r", allow_pickle=False)
    if len(images) != len(arrays["y_train"]):
        raise ValueError(f"{images_file} holds {len(images)} images for {len(arrays['y_train'])} labels")
    _DATA.update(X_train=CenteredImages(images, mean), y_train=arrays["y_train"],
                 X_val=CenteredImages(arrays["images_val"], mean), y_val=arrays["y_val"])


def _solver_from_log(name, inputs, with_state=False):
    """(the Solver a log's settings describe, with the student's model built as the log recorded it, on the grader's
    copy of the data; the log's config; with_state: the parameters and running averages it records)."""
    import deeplearning.classifiers.fc_net as fc_net
    from deeplearning.solver import Solver, set_random_state

    with np.load(os.path.join("logs", os.path.basename(name)), allow_pickle=False) as npz:
        config = json.loads(str(npz["config"]))
        arrays = {key: npz[key] for key in npz.files if "/" in key} if with_state else {}
    model = config["model"]
    set_random_state(model["random_state"])
    if model["model"] == "TwoLayerNet":
        net = fc_net.TwoLayerNet(input_dim=model["input_dim"], hidden_dim=model["hidden_dims"][0],
                                 num_classes=model["num_classes"], weight_scale=model["weight_scale"], reg=model["reg"])
    else:
        net = fc_net.FullyConnectedNet(model["hidden_dims"], input_dim=model["input_dim"],
                                       num_classes=model["num_classes"],
                                       dropout_keep_ratio=model["dropout_keep_ratio"],
                                       normalization=model["normalization"], reg=model["reg"],
                                       weight_scale=model["weight_scale"], dtype=np.dtype(model["dtype"]),
                                       seed=model.get("seed"))
    n = config["num_train"]
    data = {"X_train": _DATA["X_train"].first(n), "y_train": _DATA["y_train"][:n], "X_val": _DATA["X_val"],
            "y_val": _DATA["y_val"]}
    solver = Solver(net, data, update_rule=config["update_rule"], optim_config=dict(config["optim_config"]),
                    lr_decay=config["lr_decay"], batch_size=config["batch_size"], num_epochs=config["num_epochs"],
                    num_train_samples=config["num_train_samples"], num_val_samples=config["num_val_samples"],
                    seed=config["seed"], verbose=False)
    return solver, config, arrays


def _replay(name, inputs):
    """A replay of the log's first inputs["iterations"] iterations, or with inputs["whole"] of the whole run (its
    losses and training accuracies; the validation accuracy at its first check only, which the grader does not grade
    later on)."""
    solver, config, _ = _solver_from_log(name, inputs)
    whole = bool(inputs.get("whole", False))
    return solver.replay(None if whole else int(inputs["iterations"]), state=config.get("random_state"),
                         validation=not whole)


def prove_logs(inputs):
    """For every log of inputs["proved"]: the parameters it records (Solver.record_histories_as_npz), measured again
    with the student's code at the accuracy check the log says they come from (Solver.audit, from the random state
    recorded there) on the grader's copy of the data. Returns {log_key(<log>, "audit"): [check, train acc, val acc,
    next loss or nan]} and, for the logs of inputs["training_loss"], {log_key(<log>, "training_loss")}; or
    {log_key(<log>, "error")} with the reason."""
    from deeplearning.solver import set_model_state

    out = {}
    for name in (str(name) for name in inputs["proved"]):
        try:
            solver, config, arrays = _solver_from_log(name, inputs, with_state=True)
            check, states = int(config["recorded_params"]["check"]), config["check_states"]
            set_model_state(solver.model, arrays)
            train_acc, val_acc, next_loss = solver.audit(states[check], next_loss=check < len(states) - 1)
            out[log_key(name, "audit")] = np.array([check, train_acc, val_acc,
                                                    np.nan if next_loss is None else next_loss])
            if name in [str(log) for log in inputs.get("training_loss", [])]:
                out[log_key(name, "training_loss")] = np.float64(solver.training_loss())
        except BaseException as exc:  # noqa: BLE001 (whatever the student's code or the log does, the others go on)
            out[log_key(name, "error")] = np.array(describe_exception(exc))
    return out
