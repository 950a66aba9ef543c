"""Dropout backward pass: the gradient of the student's own forward pass, test mode."""
import pytest

from autograder.parts.checking import check_float32, public_part

PART = "dropout_backward"
PUBLIC = public_part(PART)


@pytest.mark.points(3)
def test_train_mode_uses_the_forward_mask(grading):
    """In train mode dx is dout through the forward pass's mask and scaling, for inputs of any shape"""
    inputs = grading.inputs(PART)
    x, dout = inputs["x"], inputs["dout"]
    out = grading.outputs(PART, "train_mode")
    if "forward_failed" in out:
        # The student's forward pass fails: grade the backward pass on the cache the docstring describes.
        dx = grading.array(grading.outputs(PART, "documented_cache"), "dx", like=x, what="dx")
        PUBLIC.check_dropout_gradient(dx, dout, inputs["mask"])
        return
    forward = grading.array(out, "out", like=x, what="dropout_forward's output")
    PUBLIC.check_dropout_gradient(grading.array(out, "dx", like=x, what="dx"), dout, forward / x)
    cube = grading.outputs(PART, "any_shape")
    if "forward_failed" not in cube:  # a forward pass that fails for 3-D input costs points in dropout_forward
        forward = grading.array(cube, "out", like=inputs["cube"], what="dropout_forward's output for a 3-D input")
        PUBLIC.check_dropout_gradient(grading.array(cube, "dx", like=inputs["cube"], what="dx for a 3-D input"), inputs["dout_cube"],
                       forward / inputs["cube"], " for a 3-D input")


@pytest.mark.points(2)
def test_test_mode_passes_dout(grading):
    """In test mode dx is dout, unchanged"""
    inputs = grading.inputs(PART)
    PUBLIC.check_dropout_test_backward(grading.array(grading.outputs(PART, "test_mode"), "dx", like=inputs["dout"],
                                                     what="the test-mode dx"), inputs["dout"])


@pytest.mark.points(0)
def test_float32_stays_float32(grading):
    """A float32 dout gives a float32 dx"""
    check_float32(grading, PART, "float32", advice="keep the dtype of dout (cast the mask to x.dtype)")
