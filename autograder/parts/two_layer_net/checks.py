"""TwoLayerNet: initialization, the notebook's scores and losses, gradients with regularization."""
import numpy as np
import pytest
from autograder.parts.checking import fail, rel_error

PART = "two_layer_net"
NAMES = ("W1", "b1", "W2", "b2")
NOTEBOOK_LOSSES = {0.0: 3.4702243556, 1.0: 26.5948426952}


def reference_net(reference, params, **kwargs):
    net = reference["classifiers.fc_net"].TwoLayerNet(**kwargs)
    net.params = {name: np.asarray(value, dtype=np.float64) for name, value in params.items()}
    return net


@pytest.mark.points(2)
def test_initialization(grading, reference):
    """W1 and W2 drawn as weight_scale * randn (W1 first), biases zero, shapes (D, H), (H,), (H, C), (C,)"""
    out = grading.outputs(PART, "two_layer_init")
    np.random.seed(int(grading.inputs(PART)["rng_seed"]))
    expected = reference["classifiers.fc_net"].TwoLayerNet(input_dim=40, hidden_dim=60, num_classes=7,
                                                           weight_scale=3e-2).params
    for name in NAMES:
        if name not in out:
            fail(f"model.params lacks {name}")
        got = grading.array(out, name, what=name)
        if got.shape != expected[name].shape:
            fail(f"{name} has shape {got.shape}, expected {expected[name].shape} for input_dim 40, hidden_dim 60, "
                 f"num_classes 7")
        if name.startswith("b") and np.any(got != 0):
            fail(f"{name} should start at zero")
        if name.startswith("W") and not np.allclose(got, expected[name], rtol=1e-12, atol=0):
            fail(f"{name} is not weight_scale * np.random.randn(fan_in, fan_out) drawn in the order W1, W2 "
                 f"(standard deviation {got.std():.3g}, expected about 0.03)")


@pytest.mark.points(2)
def test_notebook_scores(grading, reference):
    """The notebook's test-time scores (linspace parameters)"""
    out = grading.outputs(PART, "two_layer_notebook")
    scores = grading.array(out, "scores", shape=(3, 7), what="the test-time scores")
    correct = np.asarray(
        [[11.53165108, 12.2917344, 13.05181771, 13.81190102, 14.57198434, 15.33206765, 16.09215096],
         [12.05769098, 12.74614105, 13.43459113, 14.1230412, 14.81149128, 15.49994135, 16.18839143],
         [12.58373087, 13.20054771, 13.81736455, 14.43418138, 15.05099822, 15.66781506, 16.2846319]])
    if np.abs(scores - correct).sum() > 1e-6:
        fail("model.loss(X) does not return the notebook's expected scores: affine - relu - affine, no softmax at "
             "test time")


@pytest.mark.points(2)
def test_notebook_losses(grading):
    """Losses 3.4702243556 (reg 0) and 26.5948426952 (reg 1.0)"""
    out = grading.outputs(PART, "two_layer_notebook")
    for reg, expected in NOTEBOOK_LOSSES.items():
        loss = float(grading.array(out, f"loss_{reg}", shape=(), what=f"the loss with reg = {reg}"))
        if abs(loss - expected) > 1e-8:
            hint = ""
            if reg and abs(loss - (NOTEBOOK_LOSSES[0.0] + 2 * (expected - NOTEBOOK_LOSSES[0.0]))) < 1e-6:
                hint = ": the regularization term is 0.5 * reg * (sum of squared weights), mind the 0.5"
            fail(f"the loss with reg = {reg} is {loss:.10f}, expected {expected}{hint}")


@pytest.mark.points(2)
def test_gradients(grading, reference):
    """Gradients of all four parameters, with and without regularization (relative error below 1e-7)"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "two_layer_random")
    params = {name: inputs[f"two_{name}"] for name in NAMES}
    net = reference_net(reference, params, input_dim=12, hidden_dim=9, num_classes=4, reg=0.3)
    loss, grads = net.loss(inputs["two_X"], inputs["two_y"])
    got_loss = float(grading.array(out, "loss", shape=(), what="the loss"))
    if abs(got_loss - loss) > 1e-8 * max(1, abs(loss)):
        fail(f"the loss of a net with random parameters and reg = 0.3 is {got_loss:.8f}, expected {loss:.8f}")
    for name in NAMES:
        got = grading.array(out, f"grad_{name}", like=params[name], what=f"grads['{name}']")
        if rel_error(got, grads[name]) > 1e-7:
            hint = " (is the regularization gradient reg * W included?)" if name.startswith("W") else ""
            fail(f"grads['{name}'] differs from the true gradient (relative error "
                 f"{rel_error(got, grads[name]):.1e}){hint}")
