"""Check your own work while you build it: the public checks of every graded part.

In a notebook, run the cell under a part's grade cell, for example

    from deeplearning.self_check import check
    check("dropout_forward")

It calls your functions on small inputs of its own and prints one line per check:
passed, FAILED with what to fix, or a note (something that costs no points). These
are the same diagnoses, with the same messages, that the grader gives for these
checks. The hidden tests also run when your work is graded: on the grader's own
inputs, against reference results, and they replay your experiment logs. So passing
every public check does not guarantee full marks, and failing one tells you what
costs points. Nothing here changes your grade.

`python collect_submission.py` runs every public check before it packs your work.
"""
import contextlib
import io
import json
import math
import os
import textwrap
import traceback

import numpy as np


class CheckFailed(AssertionError):
    """A check found a mistake; str(exception) says what to fix, .mistake names it (an id, or None)."""

    def __init__(self, message, mistake=None):
        super().__init__(message)
        self.mistake = mistake


class ToDo(Exception):
    """A check cannot run yet (a log not written yet, no CIFAR-10 here); str(exception) says what to do."""


def fail(message, mistake=None):
    raise CheckFailed(message, mistake)


# ------------------------------------------------------------------ measures
def hoeffding(n, delta=1e-10):
    """Half-width t with P(|mean of n independent [0, 1] variables - expectation| >= t) <= delta."""
    return math.sqrt(math.log(2 / delta) / (2 * n))


def rel_error(x, y):
    """Largest elementwise relative error, as the notebooks print it."""
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


def norm_error(x, y):
    """Relative error of x against y as a whole: |x - y| / (|x| + |y|). Unlike rel_error, tiny entries (which a
    correct implementation rounds differently) do not dominate it."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return float(np.linalg.norm(x - y) / max(np.linalg.norm(x) + np.linalg.norm(y), 1e-30))


def close(x, y, tolerance=1e-7):
    """x equals y up to rounding (norm_error below tolerance)."""
    return np.shape(x) == np.shape(y) and norm_error(x, y) < tolerance


def broadcasts_to(shape, target):
    """shape is target with leading axes of length 1 (a bias of shape (1, H) acts like one of shape (H,))."""
    shape = tuple(shape)
    while len(shape) > len(target) and shape[0] == 1:
        shape = shape[1:]
    return shape == tuple(target)


def checked_array(value, what, shape=None, broadcast=False):
    """value as a finite numeric array of the given shape (broadcast: any shape with as many elements that
    broadcasts to it, returned reshaped); fails with a message naming `what` otherwise."""
    if value is None:
        fail(f"{what}: your code returns None here (is its TODO done? store the result and return it)")
    value = np.asarray(value)
    if value.dtype.kind not in "fiub":
        fail(f"{what}: expected a numeric numpy array, got a {value.dtype} array")
    if shape is not None and value.shape != tuple(shape):
        shape = tuple(shape)
        if broadcast and value.size == int(np.prod(shape)) and broadcasts_to(value.shape, shape):
            value = value.reshape(shape)
        else:
            fail(f"{what}: expected shape {shape}, got {value.shape}")
    if value.dtype.kind == "f" and not np.all(np.isfinite(value)):
        fail(f"{what}: contains NaN or infinity")
    return value


def float32_note(results, advice=""):
    """A note unless every float result (a dict name -> array) stays float32 for float32 inputs."""
    wrong = [name for name, value in results.items() if np.asarray(value).dtype.kind == "f"
             and np.asarray(value).dtype != np.float32]
    if wrong:
        fail(f"for float32 inputs your code returns float64 ({', '.join(wrong)}). This costs no points, but a float32 "
             f"net then computes in float64, about 1.5 times slower{': ' + advice if advice else ''}")


def printed_numbers_note(got, expected, how):
    """A note unless the numbers a notebook's check prints (got: {key: value}) are the ones it expects (how: why
    correct code may print others)."""
    for key, value in expected.items():
        if abs(got[key] - value) > 1e-8 * abs(value):
            fail(f"the notebook's check prints {got[key]!r} where it expects {value!r}: {how}. This costs no points; "
                 f"only your printed numbers differ from the notebook's")


def unchanged_input(x, x_after, function):
    if not np.array_equal(x_after, x):
        fail(f"{function} modified its input x in place: the caller's array (and the cache) change; compute a new "
             f"array instead")


# ------------------------------------------------------------------ affine and ReLU layers
def check_affine_forward(x, w, b, out):
    """out must be x.reshape(N, -1) @ w + b."""
    x2d = x.reshape(x.shape[0], -1)
    out = checked_array(out, "affine_forward's output", shape=(x.shape[0], w.shape[1]))
    if close(out, x2d @ w + b, 1e-9):
        return
    if close(out, x2d @ w, 1e-9):
        fail("affine_forward's output lacks the bias b")
    fail(f"affine_forward's output differs from x.reshape(N, -1) @ w + b (relative error "
         f"{norm_error(out, x2d @ w + b):.1e})")


AFFINE_GRADIENT_HINTS = {"dx": "dx = dout @ w.T, reshaped to the shape of x", "dw": "dw = x.reshape(N, -1).T @ dout",
                         "db": "db sums dout over the examples"}


def check_gradient(name, got, want, tolerance, hint="", against="the true gradient"):
    """got must equal want (shapes that broadcast alike are fine)."""
    got = checked_array(got, name, shape=np.shape(want), broadcast=True)
    if not close(got, want, tolerance):
        fail(f"{name} differs from {against} (relative error {norm_error(got, want):.1e}){': ' + hint if hint else ''}")


def check_relu_forward(x, out):
    out = checked_array(out, "relu_forward's output", shape=x.shape)
    if not np.allclose(out, np.maximum(x, 0), rtol=1e-12, atol=0):
        fail("relu_forward's output should be max(0, x), elementwise")


def check_relu_backward(x, dout, dx):
    dx = checked_array(dx, "dx", shape=x.shape)
    if np.allclose(dx, np.where(x > 0, dout, 0.0), rtol=1e-12, atol=0):
        return
    if np.allclose(dx, np.where(x < 0, dout, 0.0)):
        fail("dx passes the gradient where x < 0: it flows only where x > 0")
    fail("dx should equal dout where x > 0 and 0 where x < 0")


# ------------------------------------------------------------------ dropout
def check_mask_statistics(p, x, out, what=""):
    """Fails unless about 1 - p of the outputs are zero, independently for every element."""
    out = checked_array(out, f"the train-mode output for p = {p}{what}", shape=x.shape)
    zeros = out == 0
    fraction, tol = float(zeros.mean()), hoeffding(out.size)
    if 0 < fraction < 1 and out.ndim >= 2:
        rows = zeros.reshape(zeros.shape[0], -1)
        if (rows == rows[:1]).all():
            fail(f"every example of the batch gets the same mask{what}: draw one random number per element, "
                 f"np.random.rand(*x.shape), not one per feature")
    if abs(fraction - (1 - p)) <= tol:
        return
    if abs(fraction - p) <= tol:
        fail(f"p is used as the drop probability{what}: with p = {p}, {fraction:.1%} of the outputs are zero. "
             f"p is the probability of KEEPING a unit, so about {1 - p:.0%} should be zero.")
    if fraction <= tol:
        fail(f"with p = {p} no train-time output is zero{what}: the dropout mask is not applied in train mode")
    normal_keep = 0.5 * (1 + math.erf(p / math.sqrt(2)))  # P(randn < p)
    if abs(fraction - (1 - normal_keep)) <= tol:
        fail(f"the mask is drawn from a normal distribution{what} (np.random.randn): with p = {p}, {fraction:.1%} "
             f"of the outputs are zero instead of {1 - p:.0%}; draw uniform numbers with np.random.rand")
    fail(f"with p = {p}, {fraction:.1%} of the train-time outputs are zero{what}; expected {1 - p:.1%} "
         f"(within {tol:.1%})")


def check_scaling(p, x, out, what=""):
    """Fails unless kept values are x / p and the mean is preserved."""
    out = checked_array(out, f"the train-mode output for p = {p}{what}", shape=x.shape)
    kept = out != 0
    if not kept.any():
        fail(f"with p = {p} every train-time output is zero{what}")
    ratio = out[kept] / x[kept]
    for factor, mistake in [
        (1 / p, None),
        (1.0, "kept values are not divided by p: without the 1/p scaling the expected output shrinks to p * x "
              "(inverted dropout divides by p at train time)"),
        (1 / (1 - p), "kept values are divided by 1 - p instead of p: p is the keep probability"),
        (p, "kept values are multiplied by p instead of divided by p"),
    ]:
        if np.allclose(ratio, factor, rtol=1e-5):
            if mistake:
                fail(f"with p = {p}{what}: {mistake}")
            break
    else:
        fail(f"with p = {p}{what}: kept values should equal x / p, but output / input ranges from "
             f"{ratio.min():.4g} to {ratio.max():.4g}")
    # Each output lies in [0, x / p]; Hoeffding bounds the deviation of the mean.
    tol = np.sqrt(np.log(2 / 1e-10) * np.sum((x / p) ** 2) / 2) / x.size
    if abs(out.mean() - x.mean()) > tol:
        fail(f"with p = {p}{what} the mean of the train-time output is {out.mean():.4f}, but the input's is "
             f"{x.mean():.4f}: dropout should preserve the mean (within {tol:.4f})")


def check_identity(p, x, out, what=""):
    """Test mode must return x unchanged."""
    out = checked_array(out, f"the test-mode output for p = {p}{what}", shape=x.shape)
    if np.allclose(out, x, rtol=1e-12, atol=0):
        return
    if np.mean(out == 0) > 0.01:
        fail(f"test mode zeroes {np.mean(out == 0):.1%} of the inputs{what} (p = {p}): dropout is still active at "
             f"test time; no mask may be applied at test time")
    if np.allclose(out, x * p):
        fail(f"test mode multiplies by p{what}: that is classic dropout; with inverted dropout test mode is the "
             f"identity")
    if np.allclose(out, x / p):
        fail(f"test mode divides by p{what}: with inverted dropout the scaling happens only at train time")
    fail(f"test mode changes the input{what} (p = {p}): it should return x unchanged")


# The train-time means that Dropout.ipynb's forward check prints (np.random.seed(231)), by keep ratio.
DROPOUT_NOTEBOOK_MEANS = {"notebook_0.25": 10.014059116977283, "notebook_0.4": 9.977917658761159,
                          "notebook_0.7": 9.987811912159426}
DROPOUT_OTHER_DRAWS = ("its expected means come from drawing the mask with np.random.rand(*x.shape) < p, and your "
                       "mask is drawn another way")


def any_shape_failure(error):
    fail(f"dropout_forward fails for a 3-D input ({error}): the docstring says x may have any shape; draw the mask "
         f"with np.random.rand(*x.shape)")


def check_seeded_masks(same_seed_a, same_seed_b, other_seed):
    if not np.array_equal(same_seed_a, same_seed_b):
        fail("two calls with the same dropout_param['seed'] give different masks: draw the mask from numpy's global "
             "random generator (np.random.rand, ...), which the given code seeds")
    if np.array_equal(same_seed_a, other_seed):
        fail("different seeds give the same mask: the mask must come from numpy's global random generator")


def check_dropout_gradient(dx, dout, mask, what=""):
    """dx must be dout times the forward pass's multiplier mask (0 or 1/p)."""
    dx = checked_array(dx, f"dx{what}", shape=dout.shape)
    if np.allclose(dx, dout * mask, rtol=1e-6, atol=1e-12):
        return
    if not np.array_equal(dx == 0, mask == 0):
        fail(f"dx{what} is zero where the forward pass kept units (or the reverse): the backward pass must reuse the "
             f"mask stored in the cache, not draw a new one")
    if np.allclose(dx, dout * (mask != 0)):
        fail(f"dx{what} is not scaled by 1/p: the gradient through a kept unit is dout / p, as in the forward pass")
    fail(f"dx{what} should equal dout times the mask of the forward pass")


def check_dropout_test_backward(dx, dout):
    dx = checked_array(dx, "the test-mode dx", shape=dout.shape)
    if not np.allclose(dx, dout, rtol=1e-12, atol=0):
        fail("in test mode the backward pass should return dout unchanged: the forward pass is the identity")


# ------------------------------------------------------------------ batch and layer normalization
BN_EPS = 1e-5


def normalized(x, mean, var, gamma, beta, eps_in_sqrt=True, eps=BN_EPS):
    return gamma * (x - mean) / (np.sqrt(var + eps) if eps_in_sqrt else np.sqrt(var) + eps) + beta


def check_batchnorm_training(x, gamma, beta, out):
    """The training-time output: the minibatch's mean and biased variance, eps inside the square root."""
    out = checked_array(out, "batchnorm_forward's training output", shape=x.shape)
    mean, var = x.mean(axis=0), x.var(axis=0)
    if close(out, normalized(x, mean, var, gamma, beta), 1e-9):
        return
    for guess, mistake in [
        (normalized(x, mean, x.var(axis=0, ddof=1), gamma, beta),
         "the variance is divided by N - 1; batch normalization uses the biased variance (np.var, ddof=0)"),
        (normalized(x, mean, var, gamma, beta, eps_in_sqrt=False),
         "eps is added to the standard deviation; add it to the variance: (x - mean) / sqrt(var + eps)"),
        (normalized(x, mean, var, 1.0, 0.0), "the output is not scaled by gamma and shifted by beta"),
    ]:
        if close(out, guess, 1e-9):
            fail(mistake)
    fail(f"the training-time output is not gamma * (x - mean) / sqrt(var + eps) + beta with the minibatch's "
         f"statistics (relative error {norm_error(out, normalized(x, mean, var, gamma, beta)):.1e})")


def check_first_running_averages(x, momentum, running_mean, running_var):
    """The running averages after one training step from zero."""
    D = x.shape[1]
    running_mean = checked_array(running_mean, "bn_param['running_mean'] after one step", shape=(D,))
    running_var = checked_array(running_var, "bn_param['running_var'] after one step", shape=(D,))
    if np.allclose(running_mean, momentum * x.mean(axis=0)):
        fail("running_mean = momentum * sample_mean + ...: the momentum weighs the old running mean, "
             "(1 - momentum) the sample mean")
    variances = (x.var(axis=0), x.var(axis=0, ddof=1))  # the unbiased one is a note
    if not close(running_mean, (1 - momentum) * x.mean(axis=0), 1e-9) or not any(
            close(running_var, (1 - momentum) * v, 1e-9) for v in variances):
        fail("after one training step from zero, the running averages should be (1 - momentum) times the "
             "minibatch mean and variance; read the momentum from bn_param")


def biased_running_variance_note(x, momentum, running_var):
    if not close(running_var, (1 - momentum) * x.var(axis=0), 1e-9):
        fail("the running variance averages the unbiased variance (divided by N - 1). PyTorch does so too, and it "
             "costs no points, but the docstring asks for the variance the layer normalizes with")


def check_batchnorm_test(x, gamma, beta, running_mean, running_var, out):
    out = checked_array(out, "the test-mode output", shape=x.shape)
    want = normalized(x, running_mean, running_var, gamma, beta)
    if close(out, want, 1e-9):
        return
    if close(out, normalized(x, running_mean, running_var, gamma, beta, eps_in_sqrt=False), 1e-9):
        fail("eps is added to the standard deviation in test mode: normalize with (x - running_mean) / "
             "sqrt(running_var + eps)")
    if close(out, normalized(x, x.mean(axis=0), x.var(axis=0), gamma, beta), 1e-6):
        fail("the test-mode output uses the minibatch's statistics: normalize with the running mean and variance")
    fail(f"the test-mode output should be gamma * (x - running_mean) / sqrt(running_var + eps) + beta (relative "
         f"error {norm_error(out, want):.1e})")


def check_test_mode_keeps_running_averages(before, after):
    for key in ("running_mean", "running_var"):
        if not np.array_equal(checked_array(after[key], f"bn_param['{key}'] after a test-mode call",
                                            shape=np.shape(before[key])), before[key]):
            fail("a test-mode call changed the running averages; only training mode updates them")


def textbook_batchnorm_gradients(x, out, gamma, beta, dout):
    """The textbook gradients for the normalization a forward pass actually computed (its output out)."""
    x_hat = (out - beta) / gamma
    centered = x - x.mean(axis=0)
    inv_std = (x_hat * centered).sum(axis=0) / (centered * centered).sum(axis=0)
    dx_hat = dout * gamma
    dx = inv_std * (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0))
    return {"dx": dx, "dgamma": (dout * x_hat).sum(axis=0), "dbeta": dout.sum(axis=0)}


def check_batchnorm_gradients(name, x, gamma, beta, dout, out, grads, numeric):
    """A backward pass is right when it equals the numeric gradient of the forward pass it belongs to, or the
    textbook formula applied to the statistics that forward pass computed."""
    out = checked_array(out, "batchnorm_forward's training output", shape=x.shape)
    formula = textbook_batchnorm_gradients(x, out, gamma, beta, dout)
    for key, like in (("dx", x), ("dgamma", gamma), ("dbeta", beta)):
        got = checked_array(grads.get(key), f"{key} of {name}", shape=like.shape, broadcast=True)
        if close(got, numeric[key], 1e-6) or close(got, formula[key], 1e-7):
            continue
        hint = ""
        if key == "dx" and close(got, dout * gamma / x.std(axis=0), 1e-3):
            hint = ": remember that the mean and the variance depend on x too"
        fail(f"{name}: {key} differs from the gradient of your batchnorm_forward (relative error "
             f"{norm_error(got, numeric[key]):.1e}){hint}")


def layernorm(x, gamma, beta, eps=BN_EPS):
    """What layernorm_forward computes: every row normalized over its features, then scaled and shifted."""
    return normalized(x, x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True), gamma, beta, eps=eps)


def check_layernorm_forward(x, gamma, beta, out):
    out = checked_array(out, "layernorm_forward's output", shape=x.shape)
    if close(out, layernorm(x, gamma, beta), 1e-7):
        return
    if close(out, normalized(x, x.mean(axis=0), x.var(axis=0), gamma, beta), 1e-6):
        fail("layernorm_forward normalizes every feature over the batch (that is batch normalization); "
             "normalize every example (row) over its features")
    fail(f"layernorm_forward's output is wrong (relative error {norm_error(out, layernorm(x, gamma, beta)):.1e})")


def check_layernorm_independent(x, gamma, beta, out_test_mode, out_first_row):
    want = layernorm(x, gamma, beta)
    if not close(checked_array(out_test_mode, "the output with ln_param {'mode': 'test'}", shape=x.shape), want,
                 1e-7) or not close(checked_array(out_first_row, "the output for a batch of one example",
                                                  shape=want[:1].shape), want[:1], 1e-7):
        fail("layer normalization must give the same output whatever the mode and the other examples in the batch")


def check_layernorm_gradient(key, got, numeric, want=None):
    got = checked_array(got, key, shape=np.shape(numeric), broadcast=True)
    if not ((want is not None and close(got, want, 1e-7)) or close(got, numeric, 1e-6)):
        fail(f"layernorm_backward: {key} differs from the gradient of your layernorm_forward (relative error "
             f"{norm_error(got, numeric):.1e})")


# ------------------------------------------------------------------ update rules
MOMENTUM_SIGN = ("the sign of the gradient term is wrong: the new velocity is momentum * v - learning_rate * dw, "
                 "a step against the gradient")
RMSPROP_DECAY = ("decay_rate weighs the new squared gradient instead of the old cache: "
                 "cache = decay_rate * cache + (1 - decay_rate) * dw**2")
ADAM_BIAS_CORRECTION = "the step lacks the bias correction: m_hat = m / (1 - beta1**t) and v_hat = v / (1 - beta2**t)"
UPDATE_STATE = {"sgd_momentum": ("velocity",), "rmsprop": ("cache",), "adam": ("m", "v", "t")}


def check_first_step(rule, w, dw, next_w, learning_rate):
    """Properties of the first step from a fresh config that every correct rule has: it goes against the gradient,
    by learning_rate * |dw| (SGD+momentum, whose velocity starts at 0) or by about learning_rate per weight
    (RMSProp: lr / sqrt(1 - decay_rate); Adam: lr, thanks to the bias correction)."""
    step = checked_array(next_w, f"{rule}'s next_w", shape=w.shape) - w
    if np.all(step * dw > 0):
        fail(f"{rule}: {MOMENTUM_SIGN if rule == 'sgd_momentum' else 'the step goes along the gradient, not against it'}")
    if rule == "sgd_momentum":
        expected = learning_rate * np.abs(dw)
    elif rule == "rmsprop":
        expected = np.full(w.shape, learning_rate / math.sqrt(1 - 0.99))
    else:
        expected = np.full(w.shape, learning_rate)
    if np.allclose(np.abs(step), expected, rtol=1e-3):
        return
    if rule == "adam" and np.allclose(np.abs(step), learning_rate * 0.1 / math.sqrt(0.001), rtol=1e-3):
        fail(f"adam: {ADAM_BIAS_CORRECTION}")
    if rule == "rmsprop" and np.allclose(np.abs(step), learning_rate / math.sqrt(0.99), rtol=1e-3):
        fail(f"rmsprop: {RMSPROP_DECAY}")
    fail(f"{rule}: the first step from a fresh config moves the weights by {np.abs(step).mean():.3g} on average, "
         f"expected {expected.mean():.3g}")


# ------------------------------------------------------------------ networks
def check_initialization(params, dims, scale, statistics=True):
    """W{i} of shape (dims[i-1], dims[i]) drawn with standard deviation scale, b{i} zero (a (1, n) bias is fine).

    statistics: the net is large enough for bounds 8 standard errors wide (800 or more weights per matrix), so that
    a correct draw fails them with a probability below 1e-15."""
    for layer in range(1, len(dims)):
        for name, shape in ((f"W{layer}", (dims[layer - 1], dims[layer])), (f"b{layer}", (dims[layer],))):
            if name not in params:
                fail(f"model.params lacks {name}")
            value = checked_array(params[name], name, shape=shape, broadcast=True)
            if name.startswith("b") and np.any(value != 0):
                fail(f"{name} should be initialized to zeros")
            if name.startswith("W") and statistics:
                std, mean = float(value.std()), float(value.mean())
                if not 0.75 * scale < std < 1.25 * scale or abs(mean) > 0.3 * scale:
                    fail(f"{name} has mean {mean:.3g} and standard deviation {std:.3g}, expected 0 and weight_scale = "
                         f"{scale:g}: draw it as weight_scale * np.random.randn(fan_in, fan_out)")


def check_loss(loss, expected, params, reg, what="the loss"):
    """The loss against the expected one, naming the usual regularization mistakes."""
    loss = float(checked_array(loss, what, shape=()))
    if abs(loss - expected) <= 1e-8 * max(1.0, abs(expected)):
        return
    weights = sum(float(np.sum(value ** 2)) for name, value in params.items() if name.startswith("W"))
    biases = sum(float(np.sum(value ** 2)) for name, value in params.items() if name.startswith("b"))
    data_loss = expected - 0.5 * reg * weights
    if reg:
        for guess, mistake in [
            (data_loss, "the loss does not change with reg: add 0.5 * reg * np.sum(W * W) for every weight matrix"),
            (data_loss + reg * weights, "the regularization term is reg * sum(W * W); it should be 0.5 * reg * sum(W * W)"),
            (expected + 0.5 * reg * biases, "the biases are regularized too: only the weight matrices W are"),
        ]:
            if abs(loss - guess) <= 1e-8 * max(1.0, abs(guess)):
                fail(mistake)
    fail(f"{what} with reg = {reg} is {loss:.8f}, expected {expected:.8f}")


def check_net_gradients(grads, expected, params, reg, what="", tolerance=1e-6, against="the true gradient"):
    """Every gradient against the expected one (norm-based relative error, or both below 1e-7: the true gradient of
    a bias followed by batch normalization is 0), naming the usual mistakes."""
    for name, want in expected.items():
        if name not in grads:
            fail(f"grads lacks '{name}'{what}: return a gradient for every parameter, under the parameter's name")
        got = checked_array(grads[name], f"grads['{name}']{what}", shape=np.shape(want), broadcast=True)
        if close(got, want, tolerance) or max(np.abs(got).max(), np.abs(want).max()) < 1e-7:
            continue
        if reg and name.startswith("W") and close(got, want - reg * params[name], tolerance):
            fail(f"with reg = {reg} the gradient of {name} lacks the regularization term reg * {name}")
        if reg and name.startswith("b") and close(got, want + reg * params[name], tolerance):
            fail(f"the gradient of {name} includes reg * {name}: the biases are not regularized")
        if reg and not name.startswith(("W", "b")) and close(got, want + reg * params[name], tolerance):
            fail(f"the gradient of {name} includes reg * {name}: gamma and beta are not regularized")
        fail(f"grads['{name}']{what} differs from {against} (relative error {norm_error(got, want):.1e})")


def check_normalization_params(params, normalization, hidden_widths):
    """gamma{i} (ones) and beta{i} (zeros) for every hidden layer of the given widths, none for the output layer."""
    if f"gamma{len(hidden_widths) + 1}" in params:
        fail("the output layer has gamma/beta: normalize the hidden layers only")
    for layer, width in enumerate(hidden_widths, start=1):
        for name, start in ((f"gamma{layer}", 1.0), (f"beta{layer}", 0.0)):
            if name not in params:
                fail(f"with normalization='{normalization}' model.params lacks {name}")
            if not np.all(checked_array(params[name], name, shape=(width,), broadcast=True) == start):
                fail(f"{name} should start at {'ones' if start else 'zeros'}")


# The initial losses that Dropout.ipynb prints (np.random.seed(231), FullyConnectedNet([20, 30], input_dim=15,
# seed=123)), by keep ratio.
FC_NET_NOTEBOOK_LOSSES = {"loss_1": 2.300479089768492, "loss_0.75": 2.302371489704412, "loss_0.5": 2.30427592207859}
FC_NET_OTHER_DRAWS = ("those numbers come from drawing W1, W2, W3 in that order with weight_scale * np.random.randn and "
                      "the dropout masks with np.random.rand, and your draws differ")
SCORES_ARE_PROBABILITIES = "model.loss(X) returns probabilities: at test time it returns the raw scores, no softmax"
DROPOUT_AT_TEST_TIME = ("dropout is active at test time: when y is None, set self.dropout_param['mode'] = 'test' "
                        "before the forward pass")


def check_not_probabilities(scores):
    scores = np.asarray(scores)
    if scores.ndim == 2 and np.all(scores >= 0) and np.allclose(scores.sum(axis=1), 1):
        fail(SCORES_ARE_PROBABILITIES)


# ------------------------------------------------------------------ experiment logs
HISTORIES = ("loss_history", "train_acc_history", "val_acc_history")


def missing_log(label):
    return f"{label} is missing: run the notebook's experiment cell and submit the submission_logs folder"


def read_log(path, label):
    """The arrays and the parsed config of one log; fails with a message on anything malformed."""
    if not os.path.isfile(path):
        fail(missing_log(label))
    try:
        with np.load(path, allow_pickle=False) as log:
            arrays = {key: log[key] for key in log.files}
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


def check_histories(arrays, label, lengths=None, finite_loss=True):
    """Complete, finite histories (of the given lengths {key: n}, if given), accuracies in [0, 1]
    (finite_loss=False: the loss may overflow)."""
    for key in HISTORIES:
        value = arrays[key]
        if value.dtype.kind not in "fiu" or value.ndim != 1 or value.size == 0:
            fail(f"{label}: {key} should be a list of numbers, found shape {value.shape} of {value.dtype}")
        if lengths and lengths.get(key) is not None and value.shape != (lengths[key],):
            fail(f"{label}: {key} should hold {lengths[key]} numbers, found {value.size}")
        if (finite_loss or key != "loss_history") and not np.all(np.isfinite(value)):
            fail(f"{label}: {key} contains NaN or infinity")
    for key in HISTORIES[1:]:
        if arrays[key].min() < 0 or arrays[key].max() > 1:
            fail(f"{label}: {key} has values outside [0, 1]")


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
                 f"{wanted!r}. Run the experiment cell unchanged.")


def check_same_data(config, fingerprint, label):
    """The log's run was trained and validated on the data with this fingerprint (data_utils.data_fingerprint)."""
    if config.get("data_fingerprint") != fingerprint:
        fail(f"{label} was trained on other data than the grader's (data fingerprint "
             f"{config.get('data_fingerprint')!r}, expected {fingerprint!r}): load CIFAR-10 with the notebook's "
             f"get_CIFAR10_data call on the full data set and rerun the experiment")


def check_replayable(config, label):
    """A log the grader can replay records the model (with its random state), the solver's settings and the data."""
    missing = [key for key in ("model", "update_rule", "optim_config", "batch_size", "data_fingerprint")
               if config.get(key) is None]
    if isinstance(config.get("model"), dict) and "random_state" not in config["model"]:
        missing.append("the model's random_state")
    if missing:
        fail(f"{label} does not record {', '.join(missing)}, which the grader needs to replay its start: write it "
             f"with the given solver.record_histories_as_npz after solver.train()")


# ------------------------------------------------------------------ the graded experiments
# What each experiment cell of the notebooks runs: its logs {key: (path, the settings of that log only)} and the
# settings every log records (dotted keys of the config that Solver.record_histories_as_npz writes; None holds the
# place of a setting that each log defines itself). The grader reads them from here (autograder/experiments.py).
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


def history_lengths(experiment):
    """Accuracies are recorded after the first iteration and at the end of every epoch."""
    iterations = experiment["num_epochs"] * (experiment["num_train"] // experiment["batch_size"])
    return {"loss_history": iterations, "train_acc_history": experiment["num_epochs"] + 1,
            "val_acc_history": experiment["num_epochs"] + 1}


# ================================================================== the public checks of every part
PUBLIC_CHECKS = {}  # {part: [(title, function, is_note)]}; each function calls your code on inputs of its own
NOTEBOOK_PARTS = {  # the graded parts of each notebook, in order
    "FullyConnectedNets.ipynb": ["affine_layer", "relu_layer", "two_layer_net", "two_layer_net_training",
                                 "overfit_logs", "update_rules", "optimizer_logs", "best_model"],
    "BatchNormalization.ipynb": ["batchnorm_forward", "batchnorm_backward", "layernorm", "fc_net_normalization",
                                 "batchnorm_logs", "weight_scale_logs"],
    "Dropout.ipynb": ["dropout_forward", "dropout_backward", "fc_net", "regularization_logs"],
}


def public(part, title, note=False):
    """Registers a public check of part (note: it costs no points)."""
    def register(function):
        PUBLIC_CHECKS.setdefault(part, []).append((title, function, note))
        return function
    return register


def _rng():
    return np.random.RandomState(2024)


def _numeric_gradient(f, x, df, h=1e-5):
    from deeplearning.gradient_check import eval_numerical_gradient_array

    return eval_numerical_gradient_array(f, x, df, h=h)


def _check_loss_gradients(model, X, y, grads, what):
    """The gradients that model.loss(X, y) returned against the numeric gradients of its loss, with model.reg."""
    from deeplearning.gradient_check import eval_numerical_gradient

    numeric = {name: eval_numerical_gradient(lambda _: model.loss(X, y)[0], model.params[name], verbose=False)
               for name in model.params}
    check_net_gradients(grads, numeric, model.params, model.reg, what, tolerance=1e-5,
                        against="the numeric gradient of your loss")


# ------------------------------------------------------------------ affine_layer
@public("affine_layer", "affine_forward computes x.reshape(N, -1) @ w + b and leaves x unchanged")
def _affine_forward():
    from deeplearning.layers import affine_forward

    rng = _rng()
    x, w, b = rng.randn(4, 3, 5), rng.randn(15, 6), rng.randn(6)
    x_before = x.copy()
    out, _ = affine_forward(x, w, b)
    check_affine_forward(x_before, w, b, out)
    unchanged_input(x_before, x, "affine_forward")


@public("affine_layer", "affine_backward gives the numeric gradients of your affine_forward")
def _affine_backward():
    from deeplearning.layers import affine_backward, affine_forward

    rng = _rng()
    x, w, b, dout = rng.randn(4, 3, 5), rng.randn(15, 6), rng.randn(6), rng.randn(4, 6)
    _, cache = affine_forward(x, w, b)
    grads = dict(zip(("dx", "dw", "db"), affine_backward(dout, cache)))
    numeric = {"dx": _numeric_gradient(lambda v: affine_forward(v, w, b)[0], x, dout),
               "dw": _numeric_gradient(lambda v: affine_forward(x, v, b)[0], w, dout),
               "db": _numeric_gradient(lambda v: affine_forward(x, w, v)[0], b, dout)}
    for key in ("dx", "dw", "db"):
        check_gradient(key, grads[key], numeric[key], 1e-7, AFFINE_GRADIENT_HINTS[key],
                       against="the numeric gradient of your affine_forward")


# ------------------------------------------------------------------ relu_layer
@public("relu_layer", "relu_forward returns max(0, x) and leaves x unchanged")
def _relu_forward():
    from deeplearning.layers import relu_forward

    x = _rng().randn(6, 7)
    x_before = x.copy()
    check_relu_forward(x_before, relu_forward(x)[0])
    unchanged_input(x_before, x, "relu_forward")


@public("relu_layer", "relu_backward passes dout where x > 0 and 0 where x < 0")
def _relu_backward():
    from deeplearning.layers import relu_backward, relu_forward

    rng = _rng()
    x, dout = rng.randn(6, 7), rng.randn(6, 7)
    check_relu_backward(x, dout, relu_backward(dout, relu_forward(x)[1]))


# ------------------------------------------------------------------ dropout_forward
KEEP_RATIOS = (0.25, 0.4, 0.7)


def _dropout(x, mode, p, **extra):
    from deeplearning.layers import dropout_forward

    return dropout_forward(x, {"mode": mode, "p": p, **extra})[0]


@public("dropout_forward", "In train mode about 1 - p of the outputs are zero, each element dropped on its own")
def _dropout_statistics():
    x = 1 + 2 * _rng().rand(300, 400)
    for p in KEEP_RATIOS:
        check_mask_statistics(p, x, _dropout(x, "train", p))


@public("dropout_forward", "Kept units are divided by p, so the expected output equals the input")
def _dropout_scaling():
    x = 1 + 2 * _rng().rand(300, 400)
    for p in KEEP_RATIOS:
        check_scaling(p, x, _dropout(x, "train", p))


@public("dropout_forward", "Test mode returns the input unchanged")
def _dropout_test_mode():
    x = 1 + 2 * _rng().rand(300, 400)
    for p in KEEP_RATIOS:
        check_identity(p, x, _dropout(x, "test", p))


@public("dropout_forward", "An input of any shape (here 3-D) is dropped and scaled the same way")
def _dropout_any_shape():
    cube = 1 + _rng().rand(40, 30, 20)
    try:
        train = _dropout(cube, "train", 0.6)
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001
        any_shape_failure(f"{type(exc).__name__}: {exc}")
    check_mask_statistics(0.6, cube, train, " for a 3-D input")
    check_scaling(0.6, cube, train, " for a 3-D input")
    check_identity(0.6, cube, _dropout(cube, "test", 0.6), " for a 3-D input")


@public("dropout_forward", "The same seed in dropout_param gives the same mask, another seed another mask")
def _dropout_seed():
    x = 1 + _rng().rand(50, 60)
    check_seeded_masks(*(_dropout(x, "train", 0.5, seed=seed) for seed in (1234, 1234, 4321)))


@public("dropout_forward", "A float32 input gives a float32 output", note=True)
def _dropout_float32():
    x = (1 + _rng().rand(30, 40)).astype(np.float32)
    float32_note({mode: _dropout(x, mode, 0.4) for mode in ("train", "test")}, "cast the mask with .astype(x.dtype)")


@public("dropout_forward", "The notebook's forward check prints its expected train-time means", note=True)
def _dropout_notebook_means():
    np.random.seed(231)
    x = 10 + np.random.randn(500, 500)
    printed_numbers_note({f"notebook_{p}": float(np.mean(_dropout(x, "train", p))) for p in (0.25, 0.4, 0.7)},
                         DROPOUT_NOTEBOOK_MEANS, DROPOUT_OTHER_DRAWS)


# ------------------------------------------------------------------ dropout_backward
@public("dropout_backward", "In train mode dx is dout through the forward pass's mask and its 1/p scaling")
def _dropout_backward_train():
    from deeplearning.layers import dropout_backward, dropout_forward

    rng = _rng()
    for x in (1 + rng.rand(60, 70), 1 + rng.rand(20, 15, 10)):
        dout = rng.randn(*x.shape)
        p = 0.6
        out, cache = dropout_forward(x, {"mode": "train", "p": p})
        out = checked_array(out, "dropout_forward's train-mode output", shape=x.shape)
        np.random.rand(1000)  # a mask drawn anew in the backward pass would differ
        check_dropout_gradient(dropout_backward(dout, cache), dout, out / x, "" if x.ndim == 2 else " for a 3-D input")


@public("dropout_backward", "In test mode dx is dout, unchanged")
def _dropout_backward_test():
    from deeplearning.layers import dropout_backward, dropout_forward

    rng = _rng()
    x, dout = 1 + rng.rand(60, 70), rng.randn(60, 70)
    check_dropout_test_backward(dropout_backward(dout, dropout_forward(x, {"mode": "test", "p": 0.6})[1]), dout)


# ------------------------------------------------------------------ batchnorm_forward
BN_MOMENTUM = 0.8


def _bn_inputs():
    rng = _rng()
    return 5 + 3 * rng.randn(200, 8), 1 + 0.5 * rng.rand(8), rng.randn(8)


@public("batchnorm_forward", "Training mode normalizes with the minibatch mean and biased variance, then scales "
                             "and shifts; x unchanged")
def _batchnorm_training():
    from deeplearning.layers import batchnorm_forward

    x, gamma, beta = _bn_inputs()
    x_before = x.copy()
    out, _ = batchnorm_forward(x, gamma, beta, {"mode": "train"})
    check_batchnorm_training(x_before, gamma, beta, out)
    unchanged_input(x_before, x, "batchnorm_forward")


@public("batchnorm_forward", "A training step updates the running averages with bn_param's momentum")
def _batchnorm_running_averages():
    from deeplearning.layers import batchnorm_forward

    x, gamma, beta = _bn_inputs()
    bn_param = {"mode": "train", "momentum": BN_MOMENTUM}
    batchnorm_forward(x, gamma, beta, bn_param)
    check_first_running_averages(x, BN_MOMENTUM, bn_param.get("running_mean"), bn_param.get("running_var"))


@public("batchnorm_forward", "Test mode normalizes with the running averages, which it leaves unchanged")
def _batchnorm_test_mode():
    from deeplearning.layers import batchnorm_forward

    x, gamma, beta = _bn_inputs()
    rng = _rng()
    running = {"running_mean": rng.randn(8), "running_var": 1 + rng.rand(8)}
    bn_param = {"mode": "test", **{key: value.copy() for key, value in running.items()}}
    out, _ = batchnorm_forward(x, gamma, beta, bn_param)
    check_batchnorm_test(x, gamma, beta, running["running_mean"], running["running_var"], out)
    check_test_mode_keeps_running_averages(running, bn_param)


@public("batchnorm_forward", "The running variance averages the biased minibatch variance", note=True)
def _batchnorm_biased_variance():
    from deeplearning.layers import batchnorm_forward

    x, gamma, beta = _bn_inputs()
    bn_param = {"mode": "train", "momentum": BN_MOMENTUM}
    batchnorm_forward(x, gamma, beta, bn_param)
    biased_running_variance_note(x, BN_MOMENTUM, bn_param.get("running_var"))


# ------------------------------------------------------------------ batchnorm_backward
def _check_batchnorm_backward(name):
    from deeplearning import layers

    rng = _rng()
    x, gamma, beta, dout = 5 + 3 * rng.randn(12, 5), 1 + 0.5 * rng.rand(5), rng.randn(5), rng.randn(12, 5)

    def forward(x_, gamma_, beta_):
        return layers.batchnorm_forward(x_, gamma_, beta_, {"mode": "train"})[0]

    out, cache = layers.batchnorm_forward(x, gamma, beta, {"mode": "train"})
    grads = dict(zip(("dx", "dgamma", "dbeta"), getattr(layers, name)(dout, cache)))
    numeric = {"dx": _numeric_gradient(lambda v: forward(v, gamma, beta), x, dout),
               "dgamma": _numeric_gradient(lambda v: forward(x, v, beta), gamma, dout),
               "dbeta": _numeric_gradient(lambda v: forward(x, gamma, v), beta, dout)}
    check_batchnorm_gradients(name, x, gamma, beta, dout, out, grads, numeric)


@public("batchnorm_backward", "batchnorm_backward: dx, dgamma and dbeta are the gradients of your forward pass")
def _batchnorm_backward():
    _check_batchnorm_backward("batchnorm_backward")


@public("batchnorm_backward", "batchnorm_backward_alt: the same gradients from the simplified expression")
def _batchnorm_backward_alt():
    _check_batchnorm_backward("batchnorm_backward_alt")


# ------------------------------------------------------------------ layernorm
def _ln_inputs():
    rng = _rng()
    return 3 + 2 * rng.randn(6, 9), 1 + 0.5 * rng.rand(9), rng.randn(9), rng.randn(6, 9)


@public("layernorm", "Each row is normalized with its own mean and biased variance, then scaled and shifted")
def _layernorm_forward():
    from deeplearning.layers import layernorm_forward

    x, gamma, beta, _ = _ln_inputs()
    x_before = x.copy()
    check_layernorm_forward(x_before, gamma, beta, layernorm_forward(x, gamma, beta, {})[0])
    unchanged_input(x_before, x, "layernorm_forward")


@public("layernorm", "The output of an example depends neither on the mode nor on the other examples")
def _layernorm_independent():
    from deeplearning.layers import layernorm_forward

    x, gamma, beta, _ = _ln_inputs()
    check_layernorm_independent(x, gamma, beta, layernorm_forward(x, gamma, beta, {"mode": "test"})[0],
                                layernorm_forward(x[:1].copy(), gamma, beta, {})[0])


@public("layernorm", "layernorm_backward: dx, dgamma and dbeta are the gradients of your forward pass")
def _layernorm_backward():
    from deeplearning.layers import layernorm_backward, layernorm_forward

    x, gamma, beta, dout = _ln_inputs()
    _, cache = layernorm_forward(x, gamma, beta, {})
    grads = dict(zip(("dx", "dgamma", "dbeta"), layernorm_backward(dout, cache)))
    numeric = {"dx": _numeric_gradient(lambda v: layernorm_forward(v, gamma, beta, {})[0], x, dout),
               "dgamma": _numeric_gradient(lambda v: layernorm_forward(x, v, beta, {})[0], gamma, dout),
               "dbeta": _numeric_gradient(lambda v: layernorm_forward(x, gamma, v, {})[0], beta, dout)}
    for key in ("dx", "dgamma", "dbeta"):
        check_layernorm_gradient(key, grads[key], numeric[key])


# ------------------------------------------------------------------ update_rules
def _first_step(rule):
    from deeplearning import optim

    rng = _rng()
    w, dw = rng.randn(6, 5), rng.randn(6, 5)
    next_w, config = getattr(optim, rule)(w.copy(), dw, {"learning_rate": 1e-2})
    check_first_step(rule, w, dw, next_w, 1e-2)
    return w, dw, config


def _copy(config):
    return {key: np.copy(value) if isinstance(value, np.ndarray) else value for key, value in config.items()}


def _keeps_state(rule):
    from deeplearning import optim

    _, dw, config = _first_step(rule)
    missing = [key for key in UPDATE_STATE[rule] if not isinstance(config, dict) or key not in config]
    if missing:
        fail(f"{rule}: the returned config lacks {', '.join(missing)}: store the state there for the next call")
    w = _rng().randn(6, 5)
    first, _ = getattr(optim, rule)(w.copy(), dw, _copy(config))
    again, _ = getattr(optim, rule)(w.copy(), dw, _copy(config))
    if not np.allclose(first, again):
        fail(f"{rule}: two calls with the same config give different steps: read the state from config only")


for _rule in ("sgd_momentum", "rmsprop", "adam"):
    public("update_rules", f"{_rule}: the first step goes against the gradient by the expected amount")(
        lambda rule=_rule: _first_step(rule))
    public("update_rules", f"{_rule}: the state is returned in config for the next call")(
        lambda rule=_rule: _keeps_state(rule))


@public("update_rules", "adam counts its steps in config['t']")
def _adam_t():
    from deeplearning.optim import adam

    rng = _rng()
    w = rng.randn(4, 3)
    _, config = adam(w.copy(), rng.randn(4, 3), {"learning_rate": 1e-3, "t": 5, "m": np.zeros_like(w),
                                                  "v": np.zeros_like(w)})
    if int(config.get("t", -1)) != 6:
        fail(f"after one step from t = 5, config['t'] should be 6, found {config.get('t')}: increment t once per "
             f"call, before the bias correction")


@public("update_rules", "Every rule keeps float32 weights float32", note=True)
def _update_float32():
    from deeplearning import optim

    rng = _rng()
    w, dw = rng.randn(6, 5).astype(np.float32), rng.randn(6, 5).astype(np.float32)
    float32_note({rule: getattr(optim, rule)(w.copy(), dw, {"learning_rate": 1e-2})[0] for rule in UPDATE_STATE},
                 "a float64 array or numpy scalar in the arithmetic upcasts w (use Python floats for the bias "
                 "corrections)")


# ------------------------------------------------------------------ nets
def _net_data(rng, N=6, D=12, C=5):
    return rng.randn(N, D), rng.randint(C, size=N)


def _set_params(model, rng, scale=0.3):
    for name in list(model.params):
        model.params[name] = scale * rng.randn(*np.shape(model.params[name])) + (1.0 if name.startswith("gamma") else 0)


def _check_net(model_factory, dims, scale, large, reg=0.7):
    """Initialization (also of a large net: (model, its dims), for the statistics of the weights), test-time scores,
    the regularization term and the gradients of one of your nets."""
    rng = _rng()
    check_initialization(model_factory(scale=scale).params, dims, scale, statistics=False)
    check_initialization(large[0].params, large[1], 2e-2)
    model = model_factory(scale=scale, reg=0.0)
    _set_params(model, rng)
    X, y = _net_data(rng, D=dims[0], C=dims[-1])
    scores = checked_array(model.loss(X), "the test-time scores", shape=(X.shape[0], dims[-1]))
    check_not_probabilities(scores)
    result = model.loss(X, y)
    if not isinstance(result, tuple) or len(result) != 2:
        fail("model.loss(X, y) should return (loss, grads)")
    data_loss = float(checked_array(result[0], "the loss", shape=()))
    model.reg = reg
    weights = sum(float(np.sum(value ** 2)) for name, value in model.params.items() if name.startswith("W"))
    loss, grads = model.loss(X, y)
    check_loss(loss, data_loss + 0.5 * reg * weights, model.params, reg)
    _check_loss_gradients(model, X, y, grads, f" with reg = {reg}")


@public("two_layer_net", "Initialization, test-time scores, regularized loss and gradients of your TwoLayerNet")
def _two_layer_net():
    from deeplearning.classifiers.fc_net import TwoLayerNet

    _check_net(lambda scale, reg=0.0: TwoLayerNet(input_dim=12, hidden_dim=8, num_classes=5, weight_scale=scale,
                                                  reg=reg), [12, 8, 5], 3e-2,
               (TwoLayerNet(input_dim=200, hidden_dim=150, num_classes=10, weight_scale=2e-2), [200, 150, 10]))


def _fc_net(scale, reg=0.0, **kwargs):
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    return FullyConnectedNet([8, 7], input_dim=12, num_classes=5, weight_scale=scale, reg=reg, dtype=np.float64,
                             **kwargs)


@public("fc_net", "Initialization, test-time scores, regularized loss and gradients of your FullyConnectedNet")
def _fc_net_plain():
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    large = FullyConnectedNet([100, 90], input_dim=160, num_classes=10, weight_scale=2e-2, dtype=np.float64)
    _check_net(_fc_net, [12, 8, 7, 5], 5e-2, (large, [160, 100, 90, 10]))


@public("fc_net", "With dropout, the gradients match the numeric ones (a seed fixes the masks)")
def _fc_net_dropout_gradients():
    rng = _rng()
    model = _fc_net(5e-2, dropout_keep_ratio=0.6, seed=123)
    _set_params(model, rng)
    X, y = _net_data(rng)
    _, grads = model.loss(X, y)
    _check_loss_gradients(model, X, y, grads, " with dropout")


@public("fc_net", "At test time (y is None) no unit is dropped")
def _fc_net_test_time():
    rng = _rng()
    model = _fc_net(5e-2, dropout_keep_ratio=0.5)
    _set_params(model, rng)
    plain = _fc_net(5e-2)
    plain.params = dict(model.params)
    X, _ = _net_data(rng)
    model.loss(X, rng.randint(5, size=X.shape[0]))  # a training step first: the mode must be set on every call
    scores = [model.loss(X) for _ in range(2)]
    if not all(np.allclose(s, plain.loss(X)) for s in scores):
        fail(DROPOUT_AT_TEST_TIME)


@public("fc_net", "The notebook's check prints its expected initial losses", note=True)
def _fc_net_notebook_losses():
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    np.random.seed(231)
    X, y = np.random.randn(2, 15), np.random.randint(10, size=(2,))
    printed_numbers_note({f"loss_{keep}": float(FullyConnectedNet(
        [20, 30], input_dim=15, num_classes=10, weight_scale=5e-2, dtype=np.float64, dropout_keep_ratio=keep,
        seed=123).loss(X, y)[0]) for keep in (1, 0.75, 0.5)}, FC_NET_NOTEBOOK_LOSSES, FC_NET_OTHER_DRAWS)


@public("fc_net_normalization", "With batchnorm and with layernorm: gamma and beta of every hidden layer, "
                                "regularized loss and gradients")
def _fc_net_normalization():
    for kind in ("batchnorm", "layernorm"):
        rng = _rng()
        model = _fc_net(5e-2, normalization=kind)
        check_normalization_params(model.params, kind, [8, 7])
        _set_params(model, rng)
        X, y = _net_data(rng, N=8)
        model.reg = 0.7
        _, grads = model.loss(X, y)
        _check_loss_gradients(model, X, y, grads, f" with {kind}")


# ------------------------------------------------------------------ logs
_FINGERPRINTS = {}  # {num_train: fingerprint} of the notebooks' data, computed once per process


def _data_fingerprint(num_train):
    """The fingerprint of the data an experiment trains on: the notebooks' get_CIFAR10_data(shrink_to_fit=True),
    its first num_train training images (None: all of them) and the whole validation set."""
    if num_train not in _FINGERPRINTS:
        from deeplearning.data_utils import DatasetError, data_fingerprint, get_CIFAR10_data

        try:
            with contextlib.redirect_stdout(io.StringIO()):  # its note about a smaller copy of CIFAR-10
                data = get_CIFAR10_data(shrink_to_fit=True)
        except Exception as exc:  # noqa: BLE001 - missing, partial or broken: the message says how to fetch it
            detail = exc if isinstance(exc, DatasetError) else f"it cannot be loaded ({type(exc).__name__}: {exc})"
            raise ToDo(f"the data fingerprint of your logs needs CIFAR-10 here: {detail}") from None
        for n in {None, num_train, *(experiment["num_train"] for experiment in PART_EXPERIMENTS.values())}:
            _FINGERPRINTS[n] = data_fingerprint(data["X_train"][:n], data["y_train"][:n], data["X_val"], data["y_val"])
    return _FINGERPRINTS[num_train]


def _log_check(part):
    experiment = PART_EXPERIMENTS.get(part)

    def run():
        keys = experiment["logs"] if experiment else [None]
        for key in keys:
            path = experiment["logs"][key][0] if experiment else TRAINING_LOGS[part]
            if not os.path.isfile(path):
                raise ToDo(missing_log(path))
            arrays, config = read_log(path, path)
            check_histories(arrays, path, history_lengths(experiment) if experiment else None,
                            finite_loss=part != "weight_scale_logs")
            check_replayable(config, path)
            if experiment:
                check_settings(config, prescribed(experiment, key), path)
            check_same_data(config, _data_fingerprint(experiment["num_train"] if experiment else None), path)
    return run


for _part in PART_LOGS:
    public(_part, "Every log is present and complete, written by record_histories_as_npz"
                  + (" with the settings the notebook prescribes" if _part in PART_EXPERIMENTS else "")
                  + ", on the notebooks' CIFAR-10 data")(
        _log_check(_part))


# ================================================================== running them
def _where(exc):
    """' (in deeplearning/layers.py, line 120)' for the deepest frame of the traceback in your code, or ''."""
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if "deeplearning" in frame.filename
              and not frame.filename.endswith("self_check.py")]
    if not frames:
        return ""
    name = frames[-1].filename.replace(os.sep, "/")
    return f" (in {name[name.rfind('deeplearning/'):]}, line {frames[-1].lineno})"


def run_checks(part):
    """[(title, status, message)] of part's public checks; status is "passed", "failed", "note" (a check worth no
    points failed) or "to do" (a stub not implemented yet, a log not written yet)."""
    if part not in PUBLIC_CHECKS:
        raise ValueError(f"no part named {part!r}; the parts are {', '.join(PUBLIC_CHECKS)}")
    results = []
    for title, function, note in PUBLIC_CHECKS[part]:
        state = np.random.get_state()
        try:
            with np.errstate(all="ignore"):
                function()
            results.append((title, "passed", ""))
        except CheckFailed as failure:
            results.append((title, "note" if note else "failed", str(failure)))
        except NotImplementedError as exc:
            results.append((title, "to do", f"not implemented yet: {exc}"))
        except ToDo as exc:
            results.append((title, "to do", str(exc)))
        except Exception as exc:  # noqa: BLE001 - any error in the student's code is a finding, not a crash
            results.append((title, "failed", f"your code raised {type(exc).__name__}: {exc}{_where(exc)}"))
        finally:
            np.random.set_state(state)  # your notebook's random numbers stay as they were
    return results


MARKS = {"passed": "passed", "failed": "FAILED", "note": "note  ", "to do": "to do "}


def summary(results):
    """'4 of 5 public checks passed (1 note)': a note costs no points, so it counts as neither."""
    counted = [status for _, status, _ in results if status != "note"]
    notes = len(results) - len(counted)
    return (f"{counted.count('passed')} of {len(counted)} public checks passed"
            + (f" ({notes} note{'s' * (notes > 1)})" if notes else ""))


def check(part):
    """Run part's public checks on your current code and print one line per check, then a summary."""
    results = run_checks(part)
    print(f"Public checks of {part}:")
    for title, status, message in results:
        print(f"  {MARKS[status]}  {title}")
        if message:  # wrapped: notebook outputs and feedback pages do not wrap long lines
            print(textwrap.fill(message, width=100, initial_indent=" " * 12, subsequent_indent=" " * 12,
                                break_long_words=False, break_on_hyphens=False))
    print(f"{summary(results)}; the hidden tests also run when your work is graded.")
