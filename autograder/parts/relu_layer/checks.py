"""ReLU layer: forward output, gradient (zero where x <= 0), input untouched, dtype kept."""
import numpy as np
import pytest
from autograder.parts.checking import fail

PART = "relu_layer"


@pytest.mark.points(2)
def test_forward(grading):
    """relu_forward returns max(0, x) without modifying x"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "relu")
    x = inputs["x"]
    got = grading.array(out, "out", like=x, what="relu_forward's output")
    if not np.array_equal(got, np.maximum(x, 0)):
        fail("relu_forward's output differs from np.maximum(x, 0)")
    if not np.array_equal(grading.array(out, "x_after", like=x, what="x"), x):
        fail("relu_forward modified its input x in place (the cache then holds the output, not x)")
    out32 = grading.outputs(PART, "relu_float32")
    if grading.array(out32, "out", like=x).dtype != np.float32:
        fail("relu_forward changes the dtype of a float32 input")


@pytest.mark.points(2)
def test_backward(grading):
    """relu_backward passes dout where x > 0 and 0 elsewhere (also where x == 0)"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "relu")
    x, dout = inputs["x"], inputs["dout"]
    got = grading.array(out, "dx", like=x, what="dx")
    want = np.where(x > 0, dout, 0.0)
    if not np.allclose(got, want, rtol=1e-12, atol=0):
        if np.allclose(got, np.where(x >= 0, dout, 0.0)):
            fail("dx passes the gradient where x == 0; use x > 0 (the subgradient 0 at x == 0)")
        fail("dx should equal dout where x > 0 and 0 elsewhere")
    out32 = grading.outputs(PART, "relu_float32")
    if grading.array(out32, "dx", like=x).dtype != np.float32:
        fail("relu_backward returns float64 for float32 inputs: multiply by a boolean mask, not a float64 one")
