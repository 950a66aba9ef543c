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
OPTIM = "deeplearning/optim.py"
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


def _cap_training_accuracy(arrays):
    arrays["train_acc_history"] = np.minimum(arrays["train_acc_history"], 0.8)


def _fabricated(path):
    _rewrite_log(path, _inflate_accuracies)


def _deleted(path):
    path.unlink()


def _pickled(path):
    np.savez(path, loss_history=np.array([object()], dtype=object))


LOG_EDITS = {
    "log_missing": _deleted,
    "log_pickled": _pickled,
    "log_other_learning_rate": _set_config("optim_config.learning_rate", 1e-3),
    "log_other_data": _set_config("data_fingerprint", "0123456789abcdef"),
    "log_fabricated": _fabricated,
    "optimizer_log_other_rule": _set_config("update_rule", "sgd"),
    "batchnorm_log_fabricated": _fabricated,
    "two_layer_log_missing": _deleted,
    "overfit_log_underfits": lambda path: _rewrite_log(path, _cap_training_accuracy),
    "weight_scale_log_missing": _deleted,
}

MASK = "mask = ((np.random.rand(*x.shape) < p) / p).astype(x.dtype, copy=False)"
TEST_MODE = "        out = x\n        ### END SOLUTION"

MUTANTS = [
    Mutant("affine_no_bias", LAYERS, [("    out = x.reshape(x.shape[0], -1) @ w\n    out += b\n",
                                       "    out = x.reshape(x.shape[0], -1) @ w\n")], "lacks the bias b"),
    Mutant("relu_gradient_at_zero", LAYERS, [("dx = dout * (x > 0)", "dx = dout * (x >= 0)")], "where x == 0"),
    Mutant("two_layer_reg_without_half", FC_NET,
           [("loss += 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))",
             "loss += self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))")], "mind the 0.5"),
    Mutant("momentum_wrong_sign", OPTIM,
           [('v = config["momentum"] * v - config["learning_rate"] * dw', 'v = config["momentum"] * v + config["learning_rate"] * dw')],
           "sgd_momentum: w after the notebook's step"),
    Mutant("adam_no_bias_correction", OPTIM,
           [("correction = math.sqrt(1 - beta2**t)", "correction = 1.0"),
            ('step = config["learning_rate"] * correction / (1 - beta1**t)', 'step = config["learning_rate"]')],
           "adam: w after the notebook's step"),
    Mutant("batchnorm_unbiased_variance", LAYERS,
           [("var = (centered * centered).mean(axis=0)", "var = x.var(axis=0, ddof=1)")], "divided by N - 1"),
    Mutant("batchnorm_momentum_swapped", LAYERS,
           [("running_mean = momentum * running_mean + (1 - momentum) * mean",
             "running_mean = (1 - momentum) * running_mean + momentum * mean")],
           "the momentum weighs the old running mean"),
    Mutant("batchnorm_alt_no_variance_term", LAYERS,
           [("dx = inv_std * (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0))",
             "dx = inv_std * (dx_hat - dx_hat.mean(axis=0))")], "batchnorm_backward_alt: dx differs"),
    Mutant("layernorm_over_the_batch", LAYERS,
           [("mean = x.mean(axis=1, keepdims=True)", "mean = x.mean(axis=0)"),
            ("var = (centered * centered).mean(axis=1, keepdims=True)", "var = (centered * centered).mean(axis=0)")],
           "that is batch normalization"),
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
    Mutant("optimizer_log_other_rule", "submission_logs/optimizer_adam.npz", [], "the notebook prescribes 'adam'"),
    Mutant("batchnorm_log_fabricated", "submission_logs/batchnorm_deep_batchnorm.npz", [],
           "differs from the reference run"),
    Mutant("two_layer_log_missing", "submission_logs/two_layer_net.npz", [], "two_layer_net.npz is missing"),
    Mutant("overfit_log_underfits", "submission_logs/overfit_five_layer.npz", [], "tune the two until the net fits"),
    Mutant("weight_scale_log_missing", "submission_logs/weight_scale/scale3_batchnorm.npz", [],
           "scale3_batchnorm.npz is missing"),
]
BY_NAME = {mutant.name: mutant for mutant in MUTANTS}


def make_mutant(solved_assignment, dest, name):
    """Copy the solved assignment to dest and introduce the named bug; return dest."""
    dest = Path(dest)
    shutil.copytree(solved_assignment, dest, ignore=shutil.ignore_patterns("figures", "__pycache__"))
    BY_NAME[name].apply(dest)
    return dest
