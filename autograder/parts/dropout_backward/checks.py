"""Dropout backward pass: numeric gradient, reuse of the forward mask, test mode, dtype."""
import numpy as np
import pytest
from autograder.parts.checking import fail, rel_error

PART = "dropout_backward"


@pytest.mark.points(3)
def test_matches_the_numeric_gradient(grading):
    """dx agrees with a numeric gradient of your forward pass (relative error below 1e-9)"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "gradient_check")
    dx = grading.array(out, "dx", like=inputs["x"], what="dx")
    dx_num = grading.array(out, "dx_num", like=inputs["x"], what="the numeric gradient of your dropout_forward")
    error = rel_error(dx, dx_num)
    # The notebook prints about 5e-11 for a correct implementation.
    if not error < 1e-9:
        fail(f"dx relative error is {error:.2e} against the numeric gradient of your own dropout_forward "
             f"(should be around 1e-10 or less)")


@pytest.mark.points(2)
def test_reuses_the_forward_mask(grading):
    """Backward applies the forward pass's mask (and scaling); test mode passes dout through"""
    inputs = grading.inputs(PART)
    x, dout = inputs["x_big"], inputs["dout_big"]
    out = grading.outputs(PART, "mask_reuse")
    forward = grading.array(out, "out", like=x, what="dropout_forward's output")
    dx = grading.array(out, "dx", like=x, what="dx")
    mask = forward / x  # what the forward pass multiplied x by
    if not np.allclose(dx, dout * mask, rtol=1e-6, atol=1e-12):
        if not np.array_equal(dx == 0, mask == 0):
            fail("dx is zero where the forward pass kept units (or the reverse): the backward pass must reuse the "
                 "mask stored in the cache, not draw a new one")
        if np.allclose(dx, dout * (mask != 0)):
            fail("dx is not scaled by 1/p: the gradient through a kept unit is dout / p, as in the forward pass")
        fail("dx should equal dout times the mask of the forward pass")
    extra = grading.outputs(PART, "test_mode_and_float32")
    dx_test = grading.array(extra, "dx_test", like=x, what="test-mode dx")
    if not np.array_equal(dx_test, dout):
        fail("in test mode the backward pass should return dout unchanged")
    dx32 = grading.array(extra, "dx_float32", like=x, what="dx for float32 inputs")
    if dx32.dtype != np.float32:
        fail(f"the backward pass returns {dx32.dtype} for float32 inputs; keep the dtype of dout")
