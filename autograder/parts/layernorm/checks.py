"""Layer normalization: per-example statistics, no dependence on the batch or the mode, gradients."""
import numpy as np
import pytest

from autograder.parts.checking import close, fail, norm_error

PART = "layernorm"


def expected(reference, inputs):
    layers = reference["layers"]
    out, cache = layers.layernorm_forward(inputs["x"], inputs["gamma"], inputs["beta"], {})
    return out, dict(zip(("dx", "dgamma", "dbeta"), layers.layernorm_backward(inputs["dout"], cache)))


@pytest.mark.points(2)
def test_forward(grading, reference):
    """Each row is normalized with its own mean and biased variance, then scaled and shifted; x unchanged"""
    inputs = grading.inputs(PART)
    x, gamma, beta = inputs["x"], inputs["gamma"], inputs["beta"]
    want, _ = expected(reference, inputs)
    out = grading.outputs(PART, "layernorm")
    got = grading.array(out, "out", like=x, what="layernorm_forward's output")
    if not close(got, want, 1e-7):
        column_wise, _ = reference["layers"].batchnorm_forward(x, gamma, beta, {"mode": "train"})
        if close(got, column_wise, 1e-6):
            fail("layernorm_forward normalizes every feature over the batch (that is batch normalization); "
                 "normalize every example (row) over its features")
        fail(f"layernorm_forward's output is wrong (relative error {norm_error(got, want):.1e})")
    if not np.array_equal(grading.array(out, "x_after", like=x, what="x"), x):
        fail("layernorm_forward modified its input x in place")


@pytest.mark.points(1)
def test_same_in_every_mode_and_batch(grading, reference):
    """The output of an example depends neither on the mode nor on the other examples of the batch"""
    inputs = grading.inputs(PART)
    want, _ = expected(reference, inputs)
    modes = grading.outputs(PART, "layernorm_test_mode")
    got_all = grading.array(modes, "out_all", like=want, what="the output with ln_param {'mode': 'test'}")
    got_one = grading.array(modes, "out_one", like=want[:1], what="the output for a batch of one example")
    if not close(got_all, want, 1e-7) or not close(got_one, want[:1], 1e-7):
        fail("layer normalization must give the same output whatever the mode and the other examples in the batch")


def check_gradient(grading, reference, key):
    inputs = grading.inputs(PART)
    want = expected(reference, inputs)[1][key]
    out = grading.outputs(PART, "layernorm")
    got = grading.array(out, key, like=want, what=key, broadcast=True)
    numeric = grading.array(out, f"numeric_{key}", like=want, what=f"the numeric {key} of your layernorm_forward")
    if not (close(got, want, 1e-7) or close(got, numeric, 1e-6)):
        fail(f"layernorm_backward: {key} differs from the gradient of your layernorm_forward (relative error "
             f"{norm_error(got, numeric):.1e})")


@pytest.mark.points(2)
def test_backward_dx(grading, reference):
    """layernorm_backward: dx is the gradient of your forward pass"""
    check_gradient(grading, reference, "dx")


@pytest.mark.points(1)
def test_backward_dgamma_dbeta(grading, reference):
    """layernorm_backward: dgamma and dbeta"""
    check_gradient(grading, reference, "dgamma")
    check_gradient(grading, reference, "dbeta")
