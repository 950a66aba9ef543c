"""Layer normalization: per-example statistics, no dependence on the batch or the mode, gradients."""
import numpy as np
import pytest
from autograder.parts.checking import fail, rel_error

PART = "layernorm"


@pytest.mark.points(3)
def test_forward(grading, reference):
    """Each row is normalized with its own mean and biased variance, then scaled and shifted"""
    inputs = grading.inputs(PART)
    x, gamma, beta = inputs["x"], inputs["gamma"], inputs["beta"]
    want, _ = reference["layers"].layernorm_forward(x, gamma, beta, {})
    out = grading.outputs(PART, "layernorm")
    got = grading.array(out, "out", like=x, what="layernorm_forward's output")
    if rel_error(got, want) > 1e-7:
        column_wise, _ = reference["layers"].batchnorm_forward(x, gamma, beta, {"mode": "train"})
        if np.allclose(got, column_wise, rtol=1e-6):
            fail("layernorm_forward normalizes every feature over the batch (that is batch normalization); "
                 "normalize every example (row) over its features")
        fail(f"layernorm_forward's output is wrong (relative error {rel_error(got, want):.1e})")
    if not np.array_equal(grading.array(out, "x_after", like=x, what="x"), x):
        fail("layernorm_forward modified its input x in place")
    modes = grading.outputs(PART, "layernorm_test_mode")
    got_all = grading.array(modes, "out_all", like=x, what="the output with ln_param {'mode': 'test'}")
    got_one = grading.array(modes, "out_one", like=x[:1], what="the output for a batch of one example")
    if rel_error(got_all, want) > 1e-7 or rel_error(got_one, want[:1]) > 1e-7:
        fail("layer normalization must give the same output whatever the mode and the other examples in the batch")


@pytest.mark.points(3)
def test_backward(grading, reference):
    """layernorm_backward: dx, dgamma and dbeta (relative errors below 1e-7)"""
    inputs = grading.inputs(PART)
    layers = reference["layers"]
    _, cache = layers.layernorm_forward(inputs["x"], inputs["gamma"], inputs["beta"], {})
    want = dict(zip(("dx", "dgamma", "dbeta"), layers.layernorm_backward(inputs["dout"], cache)))
    out = grading.outputs(PART, "layernorm")
    for key, value in want.items():
        got = grading.array(out, key, like=value, what=key)
        if rel_error(got, value) > 1e-7:
            fail(f"layernorm_backward: {key} differs from the true gradient (relative error "
                 f"{rel_error(got, value):.1e})")
