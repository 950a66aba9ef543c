"""Typical student mistakes, applied to a copy of the solved assignment.

Each mutant is the answer key with one bug, and names a phrase the grader's
feedback must contain. The tests prove every mutant loses points with that
message; the demo and the benchmarks use them as realistic submissions.
"""
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LAYERS = "deeplearning/layers.py"
FC_NET = "deeplearning/classifiers/fc_net.py"
LOG_KEEP1 = "submission_logs/dropout_regularization_keep1.npz"
LOG_KEEP025 = "submission_logs/dropout_regularization_keep0.25.npz"


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str
    edits: tuple  # (old, new) text replacements in file; empty for log mutants (see LOG_EDITS)
    message: str  # a phrase the grader's feedback must contain

    def apply(self, assignment):
        """Introduce the bug into the assignment folder (in place)."""
        path = Path(assignment) / self.file
        if not self.edits:
            LOG_EDITS[self.name](path)
            return
        text = path.read_text()
        for old, new in self.edits:
            if old not in text:
                raise ValueError(f"mutant {self.name}: {old!r} not found in {self.file}")
            text = text.replace(old, new)
        path.write_text(text)


def _rewrite_log(path, change):
    with np.load(path, allow_pickle=False) as npz:
        arrays = {key: npz[key] for key in npz.files}
    change(arrays)
    np.savez(path, **arrays)


def _set_config(key, value):
    def change(arrays):
        config = json.loads(str(arrays["config"]))
        target = config
        *parents, last = key.split(".")
        for parent in parents:
            target = target[parent]
        target[last] = value
        arrays["config"] = np.array(json.dumps(config))
    return lambda path: _rewrite_log(path, change)


def _inflate_accuracies(arrays):
    arrays["val_acc_history"] = np.minimum(arrays["val_acc_history"] + 0.25, 1.0)
    arrays["train_acc_history"] = np.minimum(arrays["train_acc_history"] + 0.05, 1.0)


def _pickled(path):
    np.savez(path, loss_history=np.array([object()], dtype=object))


LOG_EDITS = {
    "log_missing": lambda path: path.unlink(),
    "log_pickled": _pickled,
    "log_other_learning_rate": _set_config("optim_config.learning_rate", 1e-3),
    "log_other_data": _set_config("data_fingerprint", "0123456789abcdef"),
    "log_fabricated": lambda path: _rewrite_log(path, _inflate_accuracies),
}

MASK = "mask = ((np.random.rand(*x.shape) < p) / p).astype(x.dtype, copy=False)"
TEST_MODE = "        out = x\n        ### END SOLUTION"

MUTANTS = [
    Mutant("drop_probability", LAYERS, [(MASK, "mask = ((np.random.rand(*x.shape) >= p) / (1 - p)).astype(x.dtype, copy=False)")],
           "p is used as the drop probability"),
    Mutant("no_inverted_scaling", LAYERS, [(MASK, "mask = (np.random.rand(*x.shape) < p).astype(x.dtype)")],
           "not divided by p"),
    Mutant("mask_at_test_time", LAYERS, [(TEST_MODE, TEST_MODE.replace("out = x", "out = x * (np.random.rand(*x.shape) < p)"))],
           "no mask may be applied at test time"),
    Mutant("test_time_scaling", LAYERS, [(TEST_MODE, TEST_MODE.replace("out = x", "out = x * p"))], "classic dropout"),
    Mutant("float64_mask", LAYERS, [(MASK, "mask = (np.random.rand(*x.shape) < p) / p")], "cast the mask to x.dtype"),
    Mutant("backward_new_mask", LAYERS,
           [("dx = dout * mask", 'dx = dout * (np.random.rand(*dout.shape) < dropout_param["p"]) / dropout_param["p"]')],
           "must reuse the mask"),
    Mutant("backward_unscaled", LAYERS, [("dx = dout * mask", "dx = dout * (mask != 0)")], "not scaled by 1/p"),
    Mutant("dropout_after_output", FC_NET,
           [("        caches.append(cache)\n        ### END SOLUTION",
             "        caches.append(cache)\n        if self.use_dropout:\n"
             "            scores, _ = dropout_forward(scores, self.dropout_param)\n        ### END SOLUTION")],
           "dropout also follows the output layer"),
    Mutant("dropout_first_layer_only", FC_NET,
           [("            if self.use_dropout:\n                hidden, cache",
             "            if self.use_dropout and i == 1:\n                hidden, cache"),
            ("            if self.use_dropout:\n                dout = dropout_backward",
             "            if self.use_dropout and i == 1:\n                dout = dropout_backward")],
           "first hidden layer only"),
    Mutant("no_reg_gradient", FC_NET, [('            grads[f"W{i}"] += self.reg * W\n', "")], "lacks the regularization term"),
    Mutant("reg_without_half", FC_NET, [("loss += 0.5 * self.reg * np.sum(W * W)", "loss += self.reg * np.sum(W * W)")],
           "should be 0.5 * reg"),
    Mutant("unscaled_weights", FC_NET, [("weight_scale * np.random.randn(dims[i - 1], dims[i])",
                                         "np.random.randn(dims[i - 1], dims[i])")], "standard deviation"),
    Mutant("log_missing", LOG_KEEP025, [], "dropout_regularization_keep0.25.npz is missing"),
    Mutant("log_pickled", LOG_KEEP1, [], "cannot be read with np.load(allow_pickle=False)"),
    Mutant("log_other_learning_rate", LOG_KEEP1, [], "the notebook prescribes 0.0005"),
    Mutant("log_other_data", LOG_KEEP025, [], "trained on other data"),
    Mutant("log_fabricated", LOG_KEEP1, [], "not produced by the code you submitted"),
]
BY_NAME = {mutant.name: mutant for mutant in MUTANTS}


def make_mutant(solved_assignment, dest, name):
    """Copy the solved assignment to dest and introduce the named bug; return dest."""
    dest = Path(dest)
    shutil.copytree(solved_assignment, dest, ignore=shutil.ignore_patterns("figures", "__pycache__"))
    BY_NAME[name].apply(dest)
    return dest
