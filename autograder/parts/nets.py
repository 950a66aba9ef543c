"""What the checks of the nets share: the reference net at the grader's parameters, and comparisons with it.

The probes run the student's net with the grader's correct layers and fixed
parameters; the same net of the reference package, with the same parameters (and
the same dropout masks, taken from the layer calls), must give the same loss,
gradients and scores.
"""
from contextlib import contextmanager

import numpy as np

from autograder.parts.checking import close, common, fail, norm_error


def fixed_params(inputs):
    """The grader's parameters of a probe's net: inputs param_<name> -> {name: array}."""
    return {key[len("param_"):]: value for key, value in inputs.items() if key.startswith("param_")}


def reference_net(net_class, params, *args, **kwargs):
    """A net of the reference package with the given parameters (as float64)."""
    net = net_class(*args, **kwargs)
    net.params = {name: np.array(value, dtype=np.float64) for name, value in params.items()}
    return net


@contextmanager
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
    common.check_not_probabilities(got)
    if not close(got, want, 1e-7):
        fail(f"{what} differ from the expected ones (relative error {norm_error(got, want):.1e})", "wrong_scores")


check_loss = common.check_loss


# {part: [note]}: the net checks of this run whose wrong gradients were not charged (not_charged_note says why).
NOT_CHARGED = {}


def check_gradients(grading, out, prefix, expected, params, reg, what="", source=None):
    """Every gradient against the reference's (norm-based relative error), naming the usual mistakes.

    source: (part, probe) of out. The probe ran with the grader's layers, but a net that reads its layers' caches
    itself (instead of handing them to their backward functions) reads the student's own caches
    (autograder/sandbox/stand_ins.py): where the gradients are wrong while a layer whose caches it read fails its own
    part, the mistake is that layer's, charged there; the check passes and the part's note says so."""
    grads = {name: grading.array(out, prefix + name, like=want, what=f"grads['{name}']{what}", broadcast=True)
             for name, want in expected.items() if prefix + name in out}
    try:
        common.check_net_gradients(grads, expected, params, reg, what)
    except common.CheckFailed as wrong:
        layers = grading.layers_at_fault(*source) if source else []
        if not layers:
            raise
        NOT_CHARGED.setdefault(source[0], []).append(
            f"{wrong}; but your net reads the caches of {' and '.join(layers)} itself, so this mistake may be that "
            f"layer's: it is charged there, not here. Fix the layer first, then look at the net again")


def not_charged_note(part):
    """The part's 0-point check: fails with the notes of the checks that did not charge a layer's mistake."""
    notes = NOT_CHARGED.pop(part, [])
    if notes:
        fail(" | ".join(notes), "layer_mistake_not_charged_here")


def calls_of(calls, layer, mode=None):
    """The calls of one layer, in train or test mode (from dropout_param or bn_param) if mode is given."""
    return [call for call in calls if call["layer"] == layer and (mode is None or call["params"].get("mode") == mode)]


def same_array(a, b):
    return np.shape(a) == np.shape(b) and np.allclose(a, b, rtol=1e-9, atol=1e-12)


def same_values(a, b):
    """The same numbers in shapes that hold one per element ((1, H) for (H,)), as a parameter may be kept."""
    return np.size(a) == np.size(b) and same_array(np.reshape(a, np.shape(b)), b)


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
    """The probe's parameters of a new net (saved as prefix + name) against the initialization the docstring asks for."""
    common.check_initialization(initial_params(grading, out, prefix), dims, scale, statistics)


def initial_params(grading, out, prefix):
    """The parameters of a new net that a probe saved as prefix + name."""
    return {key[len(prefix):]: grading.array(out, key) for key in out if key.startswith(prefix)}


def check_parameter_shapes(grading, out, prefix, dims, normalization=False):
    """A note unless the probe's new net (prefix) has the docstring's parameter shapes."""
    common.parameter_shapes_note(initial_params(grading, out, prefix), common.network_shapes(dims, normalization))
