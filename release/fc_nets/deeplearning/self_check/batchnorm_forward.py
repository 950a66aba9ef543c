"""Public checks of the batch normalization forward pass (BatchNormalization.ipynb).

Training mode normalizes with the minibatch's statistics and updates the running
averages; test mode normalizes with the running averages.
"""
import numpy as np

from .common import (Checks, Formulation, Mistake, checked_array, fail, first_match, formulation_note, norm_error, rng,
                     shape_note, unchanged_input)

checks = Checks("batchnorm_forward")
EPS = 1e-5


def normalized(x, mean, var, gamma, beta, eps=EPS, eps_in_sqrt=True):
    return gamma * (x - mean) / (np.sqrt(var + eps) if eps_in_sqrt else np.sqrt(var) + eps) + beta


# The accepted ways of normalizing, and the mistakes the checks name. Any evaluation order (np.var or the mean of
# the squared deviations, E[x^2] - E[x]^2, a cached inverse standard deviation) agrees to about 1e-15 at these
# inputs (variances near 9, means near 5); eps added to the standard deviation instead of the variance changes the
# output by about eps / (2 var), here 3e-6 (up to 5e-4 for the smallest running variance of the test-mode check),
# which no training run can tell apart, while the closest mistake (the variance divided by N - 1) differs by
# 1 / (2N), at least 2e-3. So each form is compared within 1e-9 and accepted when one matches.
_TRAINING_FORMS = [
    Formulation("(x - mean) / sqrt(var + eps) with the minibatch's mean and biased variance",
                "the docstring; Ioffe and Szegedy 2015, Algorithm 1; PyTorch's BatchNorm1d",
                lambda x, gamma, beta: normalized(x, x.mean(axis=0), x.var(axis=0), gamma, beta), docstring=True),
    Formulation("eps added to the standard deviation: (x - mean) / (std + eps)",
                "a common variant (np.std(x, axis=0) + eps), as in many course solutions",
                lambda x, gamma, beta: normalized(x, x.mean(axis=0), x.var(axis=0), gamma, beta, eps_in_sqrt=False)),
]
_TEST_FORMS = [
    Formulation("(x - running_mean) / sqrt(running_var + eps)", "the docstring; PyTorch's BatchNorm1d in eval mode",
                lambda x, gamma, beta, mean, var: normalized(x, mean, var, gamma, beta), docstring=True),
    Formulation("eps added to the standard deviation: (x - running_mean) / (sqrt(running_var) + eps)",
                "a common variant, consistent with (std + eps) in training",
                lambda x, gamma, beta, mean, var: normalized(x, mean, var, gamma, beta, eps_in_sqrt=False)),
]
_RUNNING_VARIANCES = [
    Formulation("the biased minibatch variance (divided by N)", "the docstring: the variance the layer normalizes with",
                lambda x: x.var(axis=0), docstring=True),
    Formulation("the unbiased minibatch variance (divided by N - 1)", "PyTorch's BatchNorm1d keeps it so",
                lambda x: x.var(axis=0, ddof=1)),
]
FORMULATIONS = {"test_training_mode": _TRAINING_FORMS, "test_test_mode": _TEST_FORMS,
                "test_running_averages": _RUNNING_VARIANCES}
TOLERANCE = 1e-9

TRAINING_MISTAKES = [
    Mistake("unbiased_variance", "the variance is divided by N - 1; batch normalization normalizes with the biased "
            "variance (np.var, ddof=0)",
            lambda x, gamma, beta: normalized(x, x.mean(axis=0), x.var(axis=0, ddof=1), gamma, beta)),
    Mistake("no_scale_shift", "the output is not scaled by gamma and shifted by beta",
            lambda x, gamma, beta: normalized(x, x.mean(axis=0), x.var(axis=0), 1.0, 0.0)),
]
TEST_MISTAKES = [
    Mistake("test_mode_uses_batch_statistics", "the test-mode output uses the minibatch's statistics: normalize with "
            "the running mean and variance",
            lambda x, gamma, beta, mean, var: normalized(x, x.mean(axis=0), x.var(axis=0), gamma, beta)),
]


def training_formulation(x, gamma, beta, out):
    return first_match(out, _TRAINING_FORMS, TOLERANCE, x, gamma, beta)


def check_batchnorm_training(x, gamma, beta, out):
    """The training-time output: the minibatch's mean and biased variance, eps inside or outside the square root."""
    out = checked_array(out, "batchnorm_forward's training output", shape=x.shape)
    if training_formulation(x, gamma, beta, out):
        return
    mistake = first_match(out, TRAINING_MISTAKES, TOLERANCE, x, gamma, beta)
    if mistake:
        fail(mistake.message, mistake.id)
    fail(f"the training-time output is not gamma * (x - mean) / sqrt(var + eps) + beta with the minibatch's "
         f"statistics (relative error {norm_error(out, _TRAINING_FORMS[0].compute(x, gamma, beta)):.1e})",
         "wrong_training_output")


def estimated_eps(x, gamma, beta, out, axis=0):
    """The eps an output was normalized with over axis (0: batch normalization in training mode, 1: layer
    normalization), read back from it (for eps added to the variance)."""
    z = (np.asarray(out, dtype=np.float64) - beta) / gamma
    centered = x - x.mean(axis=axis, keepdims=True)
    big = np.abs(z) > 0.5
    return float(np.median((centered[big] / z[big]) ** 2 - np.broadcast_to(x.var(axis=axis, keepdims=True),
                                                                           x.shape)[big]))


def check_default_eps(x, gamma, beta, out_given, out_default, what="batchnorm_forward", charge=True, axis=0):
    """A bn_param without eps must normalize as the docstring's default eps = 1e-5 does: the nets pass none. A
    smaller default moves the output by no more than eps itself does (with eps inside or outside the square root):
    that costs nothing, and the note it returns says so. A larger default changes training: charge=True fails naming
    it (charge=False returns None then: the failure is the training check's)."""
    out_default = checked_array(out_default, f"{what}'s output without eps in its parameters", shape=x.shape)
    moved = norm_error(out_default, out_given)
    if moved < TOLERANCE:
        return None
    mean, var = x.mean(axis=axis, keepdims=True), x.var(axis=axis, keepdims=True)
    effect = max(norm_error(normalized(x, mean, var, gamma, beta, EPS, inside), normalized(x, mean, var, gamma, beta,
                                                                                          0.0, inside))
                 for inside in (True, False))
    said = (f"with no eps in its parameters, {what} normalizes with eps of about "
            f"{estimated_eps(x, gamma, beta, out_default, axis):.0e} instead of the docstring's default 1e-5 (the "
            f"output moves by {moved:.1e}, relative)")
    if moved <= 2 * effect:
        return f"{said}, no more than eps itself moves it ({effect:.0e}): it costs no points"
    if charge:
        fail(f"{said}: the nets pass no eps, so they normalize with it. Keep the default eps = 1e-5", "default_eps")
    return None


def test_formulation(x, gamma, beta, mean, var, out):
    return first_match(out, _TEST_FORMS, TOLERANCE, x, gamma, beta, mean, var)


def check_batchnorm_test(x, gamma, beta, running_mean, running_var, out):
    out = checked_array(out, "the test-mode output", shape=x.shape)
    if test_formulation(x, gamma, beta, running_mean, running_var, out):
        return
    # The minibatch's statistics are recognized more loosely: its numbers are those of another call.
    mistake = first_match(out, TEST_MISTAKES, 1e-6, x, gamma, beta, running_mean, running_var)
    if mistake:
        fail(mistake.message, mistake.id)
    fail(f"the test-mode output should be gamma * (x - running_mean) / sqrt(running_var + eps) + beta (relative "
         f"error {norm_error(out, _TEST_FORMS[0].compute(x, gamma, beta, running_mean, running_var)):.1e})",
         "wrong_test_output")


MOMENTUM_SWAPPED = ("running_mean = momentum * sample_mean + ...: the momentum weighs the old running mean, "
                    "(1 - momentum) the sample mean")


def running_array(value, what, D):
    """A running average as an array of shape (D,) (one of shape (1, D) acts the same: a note says so)."""
    return checked_array(value, what, shape=(D,), broadcast="values")


def running_variance_form(batches, momentum, running_var):
    """The accepted variance (of _RUNNING_VARIANCES) whose running average, from zero over the batches with this
    momentum, is running_var; None if none is."""
    for form in _RUNNING_VARIANCES:
        average = 0
        for batch in batches:
            average = momentum * average + (1 - momentum) * form.compute(batch)
        if norm_error(running_var, average) < TOLERANCE:
            return form
    return None


def check_first_running_averages(x, momentum, running_mean, running_var):
    """The running averages after one training step from zero."""
    D = x.shape[1]
    running_mean = running_array(running_mean, "bn_param['running_mean'] after one step", D)
    running_var = running_array(running_var, "bn_param['running_var'] after one step", D)
    if np.allclose(running_mean, momentum * x.mean(axis=0)):
        fail(MOMENTUM_SWAPPED, "momentum_swapped")
    if not (norm_error(running_mean, (1 - momentum) * x.mean(axis=0)) < TOLERANCE
            and running_variance_form([x], momentum, running_var)):
        fail("after one training step from zero, the running averages should be (1 - momentum) times the "
             "minibatch mean and variance; read the momentum from bn_param", "wrong_running_averages")


def check_default_momentum(x, running_mean_given, running_mean_default, momentum=0.9):
    """A bn_param without momentum must average as the docstring's default 0.9 does: the nets pass none."""
    D = x.shape[1]
    given = running_array(running_mean_given, "bn_param['running_mean']", D)
    default = running_array(running_mean_default, "bn_param['running_mean'] without momentum in bn_param", D)
    if norm_error(default, given) < TOLERANCE:
        return
    used = float(np.median(1 - default / x.mean(axis=0)))
    fail(f"with no momentum in bn_param, the running averages use a momentum of about {used:.3g} instead of the "
         f"docstring's default {momentum}: the nets pass none, so their test-time statistics are off. Keep the default "
         f"momentum = 0.9 (the weight of the old running average)", "default_momentum")


def biased_running_variance_note(x, momentum, running_var):
    """A note unless the running variance averages the variance the layer normalizes with."""
    found = running_variance_form([x], momentum, running_array(running_var, "bn_param['running_var']", x.shape[1]))
    if found is not None and not found.docstring:
        fail("the running variance averages the unbiased variance (divided by N - 1). PyTorch does so too, and it "
             "costs no points, but the docstring asks for the variance the layer normalizes with",
             "unbiased_running_variance")


def check_test_mode_keeps_running_averages(before, after):
    for key in ("running_mean", "running_var"):
        value = checked_array(after[key], f"bn_param['{key}'] after a test-mode call", shape=np.shape(before[key]),
                              broadcast="values")
        if not np.array_equal(value, before[key]):
            fail("a test-mode call changed the running averages; only training mode updates them",
                 "test_mode_updates_running_averages")


def running_shapes_note(running, D):
    """A note unless the running averages have the docstring's shape (D,)."""
    shape_note({f"bn_param['{key}']": (np.shape(value) if isinstance(value, np.ndarray) and value.dtype.kind in "fiu"
                                        else None, (D,)) for key, value in running.items()})


def _inputs():
    source = rng()
    return 5 + 3 * source.randn(200, 8), 1 + 0.5 * source.rand(8), source.randn(8)


MOMENTUM = 0.8


@checks.add("Training mode normalizes with the minibatch mean and biased variance, then scales and shifts; "
            "x unchanged")
def _training():
    from ..layers import batchnorm_forward

    x, gamma, beta = _inputs()
    x_before = x.copy()
    out, _ = batchnorm_forward(x, gamma, beta, {"mode": "train", "eps": EPS, "momentum": 0.9})
    check_batchnorm_training(x_before, gamma, beta, out)
    unchanged_input(x_before, x, "batchnorm_forward")
    check_default_eps(x_before, gamma, beta, out, batchnorm_forward(x_before.copy(), gamma, beta, {"mode": "train"})[0])


@checks.add("A training step updates the running averages with bn_param's momentum")
def _running_averages():
    from ..layers import batchnorm_forward

    x, gamma, beta = _inputs()
    bn_param = {"mode": "train", "momentum": MOMENTUM, "eps": EPS}
    batchnorm_forward(x, gamma, beta, bn_param)
    check_first_running_averages(x, MOMENTUM, bn_param.get("running_mean"), bn_param.get("running_var"))
    given, default = {"mode": "train", "momentum": 0.9, "eps": EPS}, {"mode": "train", "eps": EPS}
    for bn_param in (given, default):
        batchnorm_forward(x, gamma, beta, bn_param)
    check_default_momentum(x, given.get("running_mean"), default.get("running_mean"))


@checks.add("Test mode normalizes with the running averages, which it leaves unchanged")
def _test_mode():
    from ..layers import batchnorm_forward

    x, gamma, beta = _inputs()
    source = rng()
    running = {"running_mean": source.randn(8), "running_var": 1 + source.rand(8)}
    bn_param = {"mode": "test", "eps": EPS, **{key: value.copy() for key, value in running.items()}}
    out, _ = batchnorm_forward(x, gamma, beta, bn_param)
    check_batchnorm_test(x, gamma, beta, running["running_mean"], running["running_var"], out)
    check_test_mode_keeps_running_averages(running, bn_param)


@checks.add("The running variance averages the biased minibatch variance", note=True)
def _biased_variance():
    from ..layers import batchnorm_forward

    x, gamma, beta = _inputs()
    bn_param = {"mode": "train", "momentum": MOMENTUM, "eps": EPS}
    batchnorm_forward(x, gamma, beta, bn_param)
    biased_running_variance_note(x, MOMENTUM, bn_param.get("running_var"))


@checks.add("The running averages have the docstring's shape (D,)", note=True)
def _running_shapes():
    from ..layers import batchnorm_forward

    x, gamma, beta = _inputs()
    bn_param = {"mode": "train", "eps": EPS, "momentum": 0.9}
    batchnorm_forward(x, gamma, beta, bn_param)
    running_shapes_note({key: bn_param.get(key) for key in ("running_mean", "running_var")}, x.shape[1])


@checks.add("Without eps in bn_param, the output is the docstring's default eps = 1e-5", note=True)
def _default_eps():
    from ..layers import batchnorm_forward

    x, gamma, beta = _inputs()
    given = batchnorm_forward(x.copy(), gamma, beta, {"mode": "train", "eps": EPS, "momentum": 0.9})[0]
    note = check_default_eps(x, gamma, beta, given, batchnorm_forward(x.copy(), gamma, beta, {"mode": "train"})[0],
                             charge=False)
    if note:
        fail(note, "default_eps")


@checks.add("Both modes normalize as the docstring says (eps added to the variance)", note=True)
def _docstring_forms():
    from ..layers import batchnorm_forward

    x, gamma, beta = _inputs()
    bn_param = {"mode": "train", "eps": EPS, "momentum": 0.9}
    out, _ = batchnorm_forward(x, gamma, beta, bn_param)
    running = {key: bn_param.get(key) for key in ("running_mean", "running_var")}
    mean, var = (running_array(value, key, x.shape[1]) for key, value in running.items())
    bn_param["mode"] = "test"
    test_out, _ = batchnorm_forward(x, gamma, beta, bn_param)
    formulation_note({
        "your training mode": training_formulation(x, gamma, beta, checked_array(out, "the training output",
                                                                                 shape=x.shape)),
        "your test mode": test_formulation(x, gamma, beta, mean, var, checked_array(test_out, "the test output",
                                                                                    shape=x.shape))})
