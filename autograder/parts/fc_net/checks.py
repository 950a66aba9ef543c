"""FullyConnectedNet with dropout: initialization, the notebook's losses, gradients, dropout placement."""
import numpy as np
import pytest
from autograder.parts.checking import fail, rel_error

PART = "fc_net"
KEEPS = (1, 0.75, 0.5)
NAMES = ("W1", "W2", "W3", "b1", "b2", "b3")
# Printed by the notebook (np.random.seed(231), FullyConnectedNet([20, 30], input_dim=15, ...)).
NOTEBOOK_LOSSES = {1: 2.300479089768492, 0.75: 2.302371489704412, 0.5: 2.30427592207859}
NOTEBOOK_REG_LOSS = 7.052114776533016  # reg = 3.14, no dropout


def params_of(grading, out, prefix, what):
    missing = [name for name in NAMES if f"{prefix}{name}" not in out]
    if missing:
        fail(f"{what}: model.params lacks {', '.join(missing)} (expected {', '.join(NAMES)})")
    return {name: grading.array(out, f"{prefix}{name}", what=f"{what} {name}") for name in NAMES}


def reference_model(reference, params=None, **kwargs):
    net = reference["classifiers.fc_net"].FullyConnectedNet(
        [20, 30], input_dim=15, num_classes=10, weight_scale=5e-2, dtype=np.float64, **kwargs)
    if params is not None:
        net.params = {k: v.astype(np.float64) for k, v in params.items()}
    return net


@pytest.mark.points(2)
def test_initialization(grading, reference):
    """W drawn as weight_scale * randn(fan_in, fan_out) in layer order, b zero, requested dtype"""
    out = grading.outputs(PART, "notebook_gradient_check")
    params = params_of(grading, out, "init_1_", "the first net of the notebook's check")
    np.random.seed(231)  # the notebook draws X and y, then builds the first net
    np.random.randn(2, 15)
    np.random.randint(10, size=(2,))
    expected = reference_model(reference, dropout_keep_ratio=1, seed=123).params
    for name in NAMES:
        if params[name].shape != expected[name].shape:
            fail(f"{name} has shape {params[name].shape}, expected {expected[name].shape} for hidden_dims [20, 30], "
                 f"input_dim 15 and num_classes 10")
        if params[name].dtype != np.float64:
            fail(f"{name} is {params[name].dtype} although the model was built with dtype=np.float64")
    for name in ("b1", "b2", "b3"):
        if np.any(params[name] != 0):
            fail(f"{name} should be initialized to zeros")
    for name in ("W1", "W2", "W3"):
        if not np.allclose(params[name], expected[name], rtol=1e-12, atol=0):
            std = params[name].std()
            if not 0.5 * 5e-2 < std < 2 * 5e-2:
                fail(f"{name} has standard deviation {std:.3g}, expected about weight_scale = 0.05")
            fail(f"{name} is not the expected draw: use weight_scale * np.random.randn(fan_in, fan_out), drawing "
                 f"W1, W2, ... in order and nothing else in between (the notebook's numbers depend on it)")


@pytest.mark.points(2)
def test_initial_losses_match_the_notebook(grading, reference):
    """The notebook's initial losses for keep ratios 1, 0.75, 0.5 and for reg = 3.14"""
    out = grading.outputs(PART, "notebook_gradient_check")
    for keep, expected in NOTEBOOK_LOSSES.items():
        loss = float(grading.array(out, f"loss_{keep}", shape=(), what=f"the loss for keep ratio {keep}"))
        if abs(loss - expected) > 1e-8 * expected:
            fail(f"the initial loss for keep ratio {keep} is {loss!r}, the notebook expects {expected!r}")
    reg = grading.outputs(PART, "regularization")
    loss0 = float(grading.array(reg, "loss_0.0", shape=(), what="the loss with reg = 0"))
    loss_reg = float(grading.array(reg, "loss_3.14", shape=(), what="the loss with reg = 3.14"))
    if abs(loss_reg - NOTEBOOK_REG_LOSS) > 1e-8 * NOTEBOOK_REG_LOSS:
        params = params_of(grading, reg, "param_3.14_", "the regularized net")
        np.random.seed(231)
        X, y = np.random.randn(2, 15), np.random.randint(10, size=(2,))
        data_loss = reference_model(reference, params).loss(X, y)[0]  # the same weights, no penalty
        penalty = 0.5 * 3.14 * sum(np.sum(params[w] ** 2) for w in ("W1", "W2", "W3"))
        if np.isclose(loss_reg, data_loss, rtol=1e-9):
            fail("the loss does not change with reg: add 0.5 * reg * sum(W * W) for every weight matrix")
        if np.isclose(loss_reg, data_loss + 2 * penalty, rtol=1e-9):
            fail("the regularization term is reg * sum(W * W); it should be 0.5 * reg * sum(W * W)")
        fail(f"the initial loss with reg = 3.14 is {loss_reg!r}, the notebook expects {NOTEBOOK_REG_LOSS!r}")


@pytest.mark.points(3)
def test_gradients(grading, reference):
    """Analytic gradients agree with numeric ones (keep 1, 0.75, 0.5) and include reg * W"""
    out = grading.outputs(PART, "notebook_gradient_check")
    for keep in KEEPS:
        for name in NAMES:
            if f"grad_{keep}_{name}" not in out:
                fail(f"grads lacks '{name}' (keep ratio {keep}): return a gradient for every parameter")
            grad = grading.array(out, f"grad_{keep}_{name}", what=f"grads['{name}']")
            numeric = grading.array(out, f"num_{keep}_{name}", like=grad, what=f"the numeric gradient of {name}")
            error = rel_error(grad, numeric)
            # The notebook: around 1e-6 or less; for keep ratio 1, W2 around 1e-5 is fine.
            threshold = 1e-4 if (keep == 1 and name == "W2") else 1e-5
            if not error < threshold:
                fail(f"with keep ratio {keep}, the gradient of {name} has relative error {error:.2e} "
                     f"(should be below {threshold:g})")
    reg = grading.outputs(PART, "regularization")
    params = params_of(grading, reg, "param_3.14_", "the regularized net")
    np.random.seed(231)
    X, y = np.random.randn(2, 15), np.random.randint(10, size=(2,))
    expected = reference_model(reference, params, reg=3.14).loss(X, y)[1]
    unregularized = reference_model(reference, params, reg=0.0).loss(X, y)[1]
    for name in ("W1", "W2", "W3"):
        grad = grading.array(reg, f"grad_3.14_{name}", like=params[name], what=f"grads['{name}'] with reg = 3.14")
        if rel_error(grad, expected[name]) > 1e-7:
            if rel_error(grad, unregularized[name]) < 1e-7:
                fail(f"with reg = 3.14 the gradient of {name} lacks the regularization term reg * {name}")
            fail(f"with reg = 3.14 the gradient of {name} is wrong")


def loss_with_dropout_after(reference, params, X, y, layers):
    """Train-mode loss of a 3-layer net whose dropout (keep 0.5, seed 42) follows the given layers."""
    affine_forward, relu_forward = reference["layers"].affine_forward, reference["layers"].relu_forward
    dropout_forward, softmax_loss = reference["layers"].dropout_forward, reference["layers"].softmax_loss
    h = X
    for i in (1, 2, 3):
        h = affine_forward(h, params[f"W{i}"], params[f"b{i}"])[0]
        if i < 3:
            h = relu_forward(h)[0]
        if i in layers:
            h = dropout_forward(h, {"mode": "train", "p": 0.5, "seed": 42})[0]
    return softmax_loss(h, y)[0]


@pytest.mark.points(2)
def test_dropout_follows_every_hidden_relu_only(grading, reference):
    """Dropout after each hidden ReLU, never after the output layer"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "dropout_placement")
    params = params_of(grading, out, "param_", "the net")
    loss = float(grading.array(out, "loss", shape=(), what="the train-mode loss"))
    X, y = inputs["X"], inputs["y"]
    placements = {
        (1, 2): None,
        (): "the net applies no dropout in train mode although dropout_keep_ratio = 0.5",
        (1, 2, 3): "dropout also follows the output layer: it belongs after hidden ReLUs only",
        (1,): "dropout follows the first hidden layer only: it belongs after every hidden ReLU",
        (2,): "dropout follows the last hidden layer only: it belongs after every hidden ReLU",
        (3,): "dropout follows the output layer instead of the hidden ReLUs",
    }
    for layers, mistake in placements.items():
        if np.isclose(loss, loss_with_dropout_after(reference, params, X, y, layers), rtol=1e-9, atol=0):
            if mistake:
                fail(mistake)
            return
    fail("the train-mode loss does not match a net with dropout (keep 0.5, the given seed) after each hidden ReLU")


@pytest.mark.points(1)
def test_test_mode_is_deterministic_and_keeps_dtype(grading, reference):
    """Test-time scores are deterministic, ignore dropout, and stay float32 in a float32 net"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "test_time_scores")
    params = params_of(grading, out, "param_", "the net")
    a = grading.array(out, "scores_a", shape=(5, 10), what="test-time scores")
    b = grading.array(out, "scores_b", shape=(5, 10), what="test-time scores")
    if not np.array_equal(a, b):
        fail("two test-time calls give different scores: no dropout may happen when y is None")
    expected = reference_model(reference, params).loss(inputs["X"])
    if rel_error(a, expected) > 1e-9:
        fail("test-time scores differ from the same net without dropout")
    low = grading.outputs(PART, "float32")
    for key, value in low.items():
        if value.dtype != np.float32:
            what = "scores" if key == "scores" else f"grads['{key[5:]}']"
            fail(f"a float32 net returns {what} as {value.dtype}: keep everything in the model's dtype")
