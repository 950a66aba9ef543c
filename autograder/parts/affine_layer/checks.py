"""Affine layer: forward output, gradients, input left untouched (float32 results: a note)."""
import numpy as np
import pytest

from autograder.parts.checking import check_float32, close, fail, norm_error

PART = "affine_layer"


def expected(reference, inputs):
    layers = reference["layers"]
    out, cache = layers.affine_forward(inputs["x"], inputs["w"], inputs["b"])
    return out, dict(zip(("dx", "dw", "db"), layers.affine_backward(inputs["dout"], cache)))


def check_gradient(grading, reference, key, hint=""):
    inputs = grading.inputs(PART)
    want = expected(reference, inputs)[1][key]
    got = grading.array(grading.outputs(PART, "affine"), key, like=want, what=key, broadcast=True)
    if not close(got, want, 1e-9):
        fail(f"{key} differs from the true gradient (relative error {norm_error(got, want):.1e}){hint}")


@pytest.mark.points(2)
def test_forward(grading, reference):
    """affine_forward flattens each example and computes x @ w + b, leaving x unchanged"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "affine")
    want, _ = expected(reference, inputs)
    got = grading.array(out, "out", like=want, what="affine_forward's output")
    if not close(got, want, 1e-9):
        x2d = inputs["x"].reshape(inputs["x"].shape[0], -1)
        if close(got, x2d @ inputs["w"], 1e-9):
            fail("affine_forward's output lacks the bias b")
        fail(f"affine_forward's output differs from x.reshape(N, -1) @ w + b (relative error "
             f"{norm_error(got, want):.1e})")
    if not np.array_equal(grading.array(out, "x_after", like=inputs["x"], what="x"), inputs["x"]):
        fail("affine_forward modified its input x in place; compute a new array instead")


@pytest.mark.points(1.5)
def test_dx(grading, reference):
    """affine_backward's dx, shaped like x"""
    check_gradient(grading, reference, "dx", ": dx = dout @ w.T, reshaped to the shape of x")


@pytest.mark.points(1.5)
def test_dw(grading, reference):
    """affine_backward's dw, shaped like w"""
    check_gradient(grading, reference, "dw", ": dw = x.reshape(N, -1).T @ dout")


@pytest.mark.points(1)
def test_db(grading, reference):
    """affine_backward's db, shaped like b"""
    check_gradient(grading, reference, "db", ": db sums dout over the examples")


@pytest.mark.points(0)
def test_float32_stays_float32(grading):
    """float32 inputs give float32 results"""
    check_float32(grading, PART, "affine_float32")
