"""FullyConnectedNet with batch and layer normalization: parameters, placement, gradients, test mode."""
import numpy as np
import pytest
from autograder.parts.checking import fail, rel_error

PART = "fc_net_normalization"
NORM_NAMES = ("W1", "b1", "gamma1", "beta1", "W2", "b2", "gamma2", "beta2", "W3", "b3")
EXPECTED_SCORES = np.array(
    [[0.28397701, 0.46532063, 0.64666426, 0.82800788, 1.0093515, 1.19069513, 1.37203875, 1.55338238, 1.734726,
      1.91606962],
     [-0.9, -0.78888889, -0.67777778, -0.56666667, -0.45555556, -0.34444444, -0.23333333, -0.12222222, -0.01111111,
      0.1]])


def student_params(grading, out, prefix, what):
    names = sorted(key[len(prefix):] for key in out if key.startswith(prefix))
    if "gamma3" in names or "beta3" in names:
        fail(f"{what}: the output layer has gamma3/beta3; normalize the hidden layers only, never the scores")
    missing = [name for name in NORM_NAMES if name not in names]
    if missing:
        fail(f"{what}: model.params lacks {', '.join(missing)}")
    return {name: grading.array(out, prefix + name, what=f"{what} {name}") for name in NORM_NAMES}


def reference_net(reference, params, **kwargs):
    net = reference["classifiers.fc_net"].FullyConnectedNet([20, 30], input_dim=15, num_classes=10,
                                                            dtype=np.float64, **kwargs)
    net.params = {name: np.asarray(value, dtype=np.float64) for name, value in params.items()}
    return net


@pytest.mark.points(1)
def test_notebook_scores(grading):
    """The notebook's check: test-time scores with running averages set to a minibatch's statistics"""
    out = grading.outputs(PART, "normalized_net_notebook")
    scores = grading.array(out, "scores", shape=EXPECTED_SCORES.shape, what="the test-time scores")
    if rel_error(scores, EXPECTED_SCORES) > 1e-6:
        fail(f"the notebook's test-time scores differ from the expected ones (relative error "
             f"{rel_error(scores, EXPECTED_SCORES):.1e}): a batchnorm layer belongs between each hidden affine "
             f"layer and its ReLU, and test mode uses the running averages")


@pytest.mark.points(2)
def test_parameters(grading):
    """gamma{i} start at one and beta{i} at zero, for the hidden layers only"""
    out = grading.outputs(PART, "normalized_nets")
    for normalization in ("batchnorm", "layernorm"):
        params = student_params(grading, out, f"{normalization}_0.0_param_", f"the {normalization} net")
        for i, width in ((1, 20), (2, 30)):
            if params[f"gamma{i}"].shape != (width,) or np.any(params[f"gamma{i}"] != 1):
                fail(f"the {normalization} net: gamma{i} should be np.ones({width})")
            if params[f"beta{i}"].shape != (width,) or np.any(params[f"beta{i}"] != 0):
                fail(f"the {normalization} net: beta{i} should be np.zeros({width})")


@pytest.mark.points(2)
def test_losses_and_gradients(grading, reference):
    """Losses and gradients of batchnorm and layernorm nets, with reg 0 and 3.14 (gammas not regularized)"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "normalized_nets")
    for normalization in ("batchnorm", "layernorm"):
        for reg in (0.0, 3.14):
            tag = f"{normalization}_{reg}"
            params = student_params(grading, out, f"{tag}_param_", f"the {normalization} net")
            net = reference_net(reference, params, reg=reg, normalization=normalization)
            loss, grads = net.loss(inputs["net_X"], inputs["net_y"])
            got = float(grading.array(out, f"{tag}_loss", shape=(), what=f"the loss of the {normalization} net"))
            if abs(got - loss) > 1e-8 * max(1.0, abs(loss)):
                fail(f"the {normalization} net with reg = {reg} has loss {got:.8f}, expected {loss:.8f}")
            for name in NORM_NAMES:
                value = grading.array(out, f"{tag}_grad_{name}", like=params[name], what=f"grads['{name}']")
                if rel_error(value, grads[name]) > 1e-6:
                    hint = " (gamma and beta are not regularized)" if reg and name[0] in "gb" else ""
                    fail(f"the {normalization} net with reg = {reg}: grads['{name}'] differs from the true gradient "
                         f"(relative error {rel_error(value, grads[name]):.1e}){hint}")


@pytest.mark.points(1)
def test_test_mode_uses_running_averages(grading, reference):
    """After training-mode passes, test-time scores use each layer's running averages"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "batchnorm_net_test_mode")
    params = student_params(grading, out, "param_", "the batchnorm net")
    net = reference_net(reference, params, normalization="batchnorm")
    for batch in inputs["net_batches"]:
        net.loss(batch, inputs["net_y_batch"])
    want = net.loss(inputs["net_X"])
    got = grading.array(out, "scores", like=want, what="the test-time scores")
    if rel_error(got, want) > 1e-6:
        fail("the test-time scores after a few training passes are wrong: each batchnorm layer needs its own "
             "bn_param (running averages), and model.loss(X) must switch them to test mode")
