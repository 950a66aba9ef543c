"""Batch normalization backward: both versions against the gradient of the student's own forward pass.

A backward pass is right when it equals the true gradient of the forward pass it
belongs to, or the textbook formula applied to the statistics that forward pass
computed (a forward pass with a mistake, say N - 1, is charged in batchnorm_forward).
"""
import pytest

from autograder.parts.checking import close, fail, norm_error

PART = "batchnorm_backward"


def textbook(x, out, gamma, beta, dout):
    """The textbook gradients for the normalization the student's forward pass actually computed."""
    x_hat = (out - beta) / gamma
    centered = x - x.mean(axis=0)
    inv_std = (x_hat * centered).sum(axis=0) / (centered * centered).sum(axis=0)
    dx_hat = dout * gamma
    dx = inv_std * (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0))
    return {"dx": dx, "dgamma": (dout * x_hat).sum(axis=0), "dbeta": dout.sum(axis=0)}


def check(grading, probe, name, keys):
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, probe)
    forward = grading.array(out, "out", like=inputs["x"], what="batchnorm_forward's training output")
    formula = textbook(inputs["x"], forward, inputs["gamma"], inputs["beta"], inputs["dout"])
    for key in keys:
        got = grading.array(out, key, like=inputs[{"dx": "x", "dgamma": "gamma", "dbeta": "beta"}[key]],
                            what=f"{key} of {name}", broadcast=True)
        numeric = grading.array(out, f"numeric_{key}", like=got, what=f"the numeric {key} of your forward pass")
        if close(got, numeric, 1e-6) or close(got, formula[key], 1e-7):
            continue
        hint = ""
        if key == "dx" and close(got, inputs["dout"] * inputs["gamma"] / inputs["x"].std(axis=0), 1e-3):
            hint = ": remember that the mean and the variance depend on x too"
        fail(f"{name}: {key} differs from the gradient of your batchnorm_forward (relative error "
             f"{norm_error(got, numeric):.1e}){hint}")


@pytest.mark.points(3)
def test_batchnorm_backward(grading):
    """batchnorm_backward: dx, dgamma and dbeta are the gradients of your forward pass"""
    check(grading, "batchnorm_graph_backward", "batchnorm_backward", ("dx", "dgamma", "dbeta"))


@pytest.mark.points(3)
def test_batchnorm_backward_alt(grading):
    """batchnorm_backward_alt: the same gradients from the simplified expression"""
    check(grading, "batchnorm_alt_backward", "batchnorm_backward_alt", ("dx", "dgamma", "dbeta"))
