"""ReLU layer: forward, backward (the subgradient at 0 and float32 results: notes)."""
import numpy as np
import pytest

from autograder.parts.checking import check_float32, common, public_part

PART = "relu_layer"
PUBLIC = public_part(PART)


@pytest.mark.points(2)
def test_forward(grading):
    """relu_forward returns max(0, x) and leaves x unchanged"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "relu")
    PUBLIC.check_relu_forward(inputs["x"], grading.array(out, "out", like=inputs["x"], what="relu_forward's output"))
    common.unchanged_input(inputs["x"], grading.array(out, "x_after", like=inputs["x"], what="x"), "relu_forward")


def backward_output(grading, probe, x_key):
    """(x, dout, the dx relu_backward returned, the right dx: dout where x > 0, else 0)."""
    inputs = grading.inputs(PART)
    x, dout = inputs[x_key], inputs["dout"]
    return x, dout, grading.array(grading.outputs(PART, probe), "dx", like=x, what="dx"), np.where(x > 0, dout, 0.0)


@pytest.mark.points(2)
def test_backward(grading):
    """relu_backward passes dout where x > 0 and 0 where x < 0"""
    x, dout, got, _ = backward_output(grading, "relu", "x")
    PUBLIC.check_relu_backward(x, dout, got)
    out = grading.outputs(PART, "relu")
    PUBLIC.check_backward_leaves_x(grading.array(out, "x_after", like=x, what="x"),
                                   grading.array(out, "x_after_backward", like=x, what="x"))


@pytest.mark.points(0)
def test_backward_leaves_dout(grading):
    """relu_backward leaves dout unchanged"""
    dout = grading.inputs(PART)["dout"]
    PUBLIC.dout_note(dout, grading.array(grading.outputs(PART, "relu"), "dout_after", like=dout, what="dout"))


@pytest.mark.points(0)
def test_gradient_at_zero(grading):
    """At exactly x == 0, dx takes the subgradient 0"""
    x, _, got, _ = backward_output(grading, "at_zero", "at_zero")
    PUBLIC.subgradient_at_zero_note(x, got)


@pytest.mark.points(0)
def test_float32_stays_float32(grading):
    """float32 inputs give float32 results"""
    check_float32(grading, PART, "relu_float32", advice="multiply by a boolean mask, not a float64 one")
