"""Affine layer: forward output, gradients, input left untouched, dtype kept."""
import numpy as np
import pytest
from autograder.parts.checking import fail, rel_error

PART = "affine_layer"


def expected(reference, inputs, dtype=np.float64):
    layers = reference["layers"]
    x, w, b, dout = (inputs[key].astype(dtype) for key in ("x", "w", "b", "dout"))
    out, cache = layers.affine_forward(x, w, b)
    return out, layers.affine_backward(dout, cache)


@pytest.mark.points(3)
def test_forward(grading, reference):
    """affine_forward flattens each example and computes x @ w + b"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "affine")
    want, _ = expected(reference, inputs)
    got = grading.array(out, "out", like=want, what="affine_forward's output")
    if rel_error(got, want) > 1e-9:
        x2d = inputs["x"].reshape(inputs["x"].shape[0], -1)
        if np.allclose(got, x2d @ inputs["w"], rtol=1e-9):
            fail("affine_forward's output lacks the bias b")
        fail(f"affine_forward's output differs from x.reshape(N, -1) @ w + b (relative error {rel_error(got, want):.1e})")
    if not np.array_equal(grading.array(out, "x_after", like=inputs["x"], what="x"), inputs["x"]):
        fail("affine_forward modified its input x in place; compute a new array instead")


@pytest.mark.points(3)
def test_backward(grading, reference):
    """affine_backward returns dx shaped like x, dw and db (errors below 1e-9)"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "affine")
    _, (dx, dw, db) = expected(reference, inputs)
    for key, want in (("dx", dx), ("dw", dw), ("db", db)):
        got = grading.array(out, key, like=want, what=key)
        if rel_error(got, want) > 1e-9:
            fail(f"{key} differs from the true gradient (relative error {rel_error(got, want):.1e})")
    out32 = grading.outputs(PART, "affine_float32")
    for key in ("out", "dx", "dw", "db"):
        value = grading.array(out32, key, what=f"{key} for float32 inputs")
        if value.dtype != np.float32:
            fail(f"for float32 inputs the affine layer returns {key} as {value.dtype}: keep the inputs' dtype")
