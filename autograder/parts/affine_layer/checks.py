"""Affine layer: forward output, gradients, input left untouched (float32 results: a note)."""
import pytest

from autograder.parts.checking import check_float32, common, public_part

PART = "affine_layer"
PUBLIC = public_part(PART)


def expected(reference, inputs):
    layers = reference["layers"]
    out, cache = layers.affine_forward(inputs["x"], inputs["w"], inputs["b"])
    return out, dict(zip(("dx", "dw", "db"), layers.affine_backward(inputs["dout"], cache)))


def judge_gradient(grading, reference, key):
    inputs = grading.inputs(PART)
    want = expected(reference, inputs)[1][key]
    PUBLIC.check_affine_gradient(key, grading.array(grading.outputs(PART, "affine"), key, like=want, what=key, broadcast=True),
                          want)


@pytest.mark.points(2)
def test_forward(grading, reference):
    """affine_forward flattens each example and computes x @ w + b, leaving x unchanged"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "affine")
    want, _ = expected(reference, inputs)
    PUBLIC.check_affine_forward(inputs["x"], inputs["w"], inputs["b"],
                                grading.array(out, "out", like=want, what="affine_forward's output"))
    common.unchanged_input(inputs["x"], grading.array(out, "x_after", like=inputs["x"], what="x"), "affine_forward")


@pytest.mark.points(1.5)
def test_dx(grading, reference):
    """affine_backward's dx, shaped like x"""
    judge_gradient(grading, reference, "dx")


@pytest.mark.points(1.5)
def test_dw(grading, reference):
    """affine_backward's dw, shaped like w"""
    judge_gradient(grading, reference, "dw")


@pytest.mark.points(1)
def test_db(grading, reference):
    """affine_backward's db, shaped like b"""
    judge_gradient(grading, reference, "db")


@pytest.mark.points(0)
def test_float32_stays_float32(grading):
    """float32 inputs give float32 results"""
    check_float32(grading, PART, "affine_float32")
