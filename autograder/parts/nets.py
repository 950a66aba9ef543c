"""What the checks of the nets share: the reference net at the grader's parameters, and comparisons with it.

The probes run the student's net with the grader's correct layers and fixed
parameters; the same net of the reference package, with the same parameters (and
the same dropout masks, taken from the layer calls), must give the same loss,
gradients and scores.
"""
import contextlib

import numpy as np

from autograder.parts.checking import close, fail, norm_error


def fixed_params(inputs):
    """The grader's parameters of a probe's net: inputs param_<name> -> {name: array}."""
    return {key[len("param_"):]: value for key, value in inputs.items() if key.startswith("param_")}


def reference_net(net_class, params, *args, **kwargs):
    """A net of the reference package with the given parameters (as float64)."""
    net = net_class(*args, **kwargs)
    net.params = {name: np.array(value, dtype=np.float64) for name, value in params.items()}
    return net


@contextlib.contextmanager
def replayed_masks(reference, masks):
    """Within the block, the reference net's dropout layers use the given masks, in order."""
    fc_net = reference["classifiers.fc_net"]
    queue = list(masks)

    def dropout_forward(x, dropout_param):
        if dropout_param["mode"] != "train":
            return x, (dropout_param, None)
        if not queue:
            raise AssertionError("more dropout layers than masks")
        mask = queue.pop(0)
        return x * mask, (dropout_param, mask)

    original = fc_net.dropout_forward
    fc_net.dropout_forward = dropout_forward
    try:
        yield
    finally:
        fc_net.dropout_forward = original


def check_scores(grading, got, want, what):
    got = grading.array({"scores": got}, "scores", like=want, what=what)
    if not close(got, want, 1e-7):
        fail(f"{what} differ from the expected ones (relative error {norm_error(got, want):.1e})")


def check_loss(loss, expected, params, reg, what="the loss"):
    """The loss against the reference's, naming the usual regularization mistakes."""
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


def check_gradients(grading, out, prefix, expected, params, reg, what=""):
    """Every gradient against the reference's (norm-based relative error), naming the usual mistakes."""
    for name, want in expected.items():
        key = f"{prefix}{name}"
        if key not in out:
            fail(f"grads lacks '{name}'{what}: return a gradient for every parameter, under the parameter's name")
        got = grading.array(out, key, like=want, what=f"grads['{name}']{what}", broadcast=True)
        if close(got, want, 1e-6):
            continue
        if reg and name.startswith("W") and close(got, want - reg * params[name], 1e-6):
            fail(f"with reg = {reg} the gradient of {name} lacks the regularization term reg * {name}")
        if reg and name.startswith("b") and close(got, want + reg * params[name], 1e-6):
            fail(f"the gradient of {name} includes reg * {name}: the biases are not regularized")
        if reg and not name.startswith(("W", "b")) and close(got, want + reg * params[name], 1e-6):
            fail(f"the gradient of {name} includes reg * {name}: gamma and beta are not regularized")
        fail(f"grads['{name}']{what} differs from the true gradient (relative error {norm_error(got, want):.1e})")


def calls_of(calls, layer, mode=None):
    """The calls of one layer, in train or test mode (from dropout_param or bn_param) if mode is given."""
    return [call for call in calls if call["layer"] == layer and (mode is None or call["params"].get("mode") == mode)]


def same_array(a, b):
    return np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=1e-9, atol=1e-12)


def random_params(rng, dims, normalization=False):
    """The grader's parameters of a net of the given layer widths, as inputs param_<name> (biases not zero, so that
    regularized biases show; with normalization, gamma{i} and beta{i} of the hidden layers)."""
    params = {}
    for i in range(1, len(dims)):
        params[f"param_W{i}"] = 0.3 * rng.randn(dims[i - 1], dims[i])
        params[f"param_b{i}"] = 0.1 * rng.randn(dims[i])
        if normalization and i < len(dims) - 1:
            params[f"param_gamma{i}"] = 1 + 0.2 * rng.randn(dims[i])
            params[f"param_beta{i}"] = 0.2 * rng.randn(dims[i])
    return params


def check_initialization(grading, out, prefix, dims, scale, statistics=True):
    """W{i} of shape (dims[i-1], dims[i]) drawn with standard deviation scale, b{i} zero (a (1, n) bias is fine).

    statistics: the net is large enough for bounds 8 standard errors wide (800 or more weights per matrix), so that
    a correct draw fails them with a probability below 1e-15."""
    for i in range(1, len(dims)):
        for name, shape in ((f"W{i}", (dims[i - 1], dims[i])), (f"b{i}", (dims[i],))):
            if prefix + name not in out:
                fail(f"model.params lacks {name}")
            value = grading.array(out, prefix + name, shape=shape, what=name, broadcast=True)
            if name.startswith("b") and np.any(value != 0):
                fail(f"{name} should be initialized to zeros")
            if name.startswith("W") and statistics:
                std, mean = float(value.std()), float(value.mean())
                if not 0.75 * scale < std < 1.25 * scale or abs(mean) > 0.3 * scale:
                    fail(f"{name} has mean {mean:.3g} and standard deviation {std:.3g}, expected 0 and weight_scale = "
                         f"{scale:g}: draw it as weight_scale * np.random.randn(fan_in, fan_out)")
