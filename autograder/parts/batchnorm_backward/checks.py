"""Batch normalization backward: the graph version and the simplified one, against the true gradients."""
import pytest
from autograder.parts.checking import fail, rel_error

PART = "batchnorm_backward"


def check(grading, reference, probe, name):
    inputs = grading.inputs(PART)
    layers = reference["layers"]
    _, cache = layers.batchnorm_forward(inputs["x"], inputs["gamma"], inputs["beta"], {"mode": "train"})
    want = dict(zip(("dx", "dgamma", "dbeta"), layers.batchnorm_backward(inputs["dout"], cache)))
    out = grading.outputs(PART, probe)
    for key, value in want.items():
        got = grading.array(out, key, like=value, what=f"{key} of {name}")
        error = rel_error(got, value)
        if error > 1e-7:
            hint = ""
            if key == "dx":
                hint = (": remember that the mean and the variance depend on x too" if rel_error(got, inputs["dout"] *
                        inputs["gamma"] / inputs["x"].std(axis=0)) < 1e-3 else "")
            fail(f"{name}: {key} differs from the true gradient (relative error {error:.1e}){hint}")


@pytest.mark.points(3)
def test_batchnorm_backward(grading, reference):
    """batchnorm_backward: dx, dgamma and dbeta (relative errors below 1e-7)"""
    check(grading, reference, "batchnorm_graph_backward", "batchnorm_backward")


@pytest.mark.points(3)
def test_batchnorm_backward_alt(grading, reference):
    """batchnorm_backward_alt: the same gradients from the simplified expression"""
    check(grading, reference, "batchnorm_alt_backward", "batchnorm_backward_alt")
