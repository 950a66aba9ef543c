"""Dropout backward pass: the gradient of the student's own forward pass, test mode."""
import numpy as np
import pytest

from autograder.parts.checking import check_float32, fail

PART = "dropout_backward"


def check_gradient(dx, dout, mask, what=""):
    """dx must be dout times the forward pass's multiplier mask (0 or 1/p)."""
    if np.allclose(dx, dout * mask, rtol=1e-6, atol=1e-12):
        return
    if not np.array_equal(dx == 0, mask == 0):
        fail(f"dx{what} is zero where the forward pass kept units (or the reverse): the backward pass must reuse the "
             f"mask stored in the cache, not draw a new one")
    if np.allclose(dx, dout * (mask != 0)):
        fail(f"dx{what} is not scaled by 1/p: the gradient through a kept unit is dout / p, as in the forward pass")
    fail(f"dx{what} should equal dout times the mask of the forward pass")


@pytest.mark.points(3)
def test_train_mode_uses_the_forward_mask(grading):
    """In train mode dx is dout through the forward pass's mask and scaling, for inputs of any shape"""
    inputs = grading.inputs(PART)
    x, dout = inputs["x"], inputs["dout"]
    out = grading.outputs(PART, "train_mode")
    if "forward_failed" in out:
        # The student's forward pass fails: grade the backward pass on the cache the docstring describes.
        dx = grading.array(grading.outputs(PART, "documented_cache"), "dx", like=x, what="dx")
        check_gradient(dx, dout, inputs["mask"])
        return
    forward = grading.array(out, "out", like=x, what="dropout_forward's output")
    check_gradient(grading.array(out, "dx", like=x, what="dx"), dout, forward / x)
    cube = grading.outputs(PART, "any_shape")
    if "forward_failed" not in cube:  # a forward pass that fails for 3-D input costs points in dropout_forward
        forward = grading.array(cube, "out", like=inputs["cube"], what="dropout_forward's output for a 3-D input")
        check_gradient(grading.array(cube, "dx", like=inputs["cube"], what="dx for a 3-D input"), inputs["dout_cube"],
                       forward / inputs["cube"], " for a 3-D input")


@pytest.mark.points(2)
def test_test_mode_passes_dout(grading):
    """In test mode dx is dout, unchanged"""
    inputs = grading.inputs(PART)
    dx = grading.array(grading.outputs(PART, "test_mode"), "dx", like=inputs["dout"], what="the test-mode dx")
    if not np.allclose(dx, inputs["dout"], rtol=1e-12, atol=0):
        fail("in test mode the backward pass should return dout unchanged: the forward pass is the identity")


@pytest.mark.points(0)
def test_float32_stays_float32(grading):
    """A float32 dout gives a float32 dx"""
    check_float32(grading, PART, "float32", advice="keep the dtype of dout (cast the mask to x.dtype)")
