"""Batch normalization backward: both versions against the gradient of the student's own forward pass.

A backward pass is right when it equals the true gradient of the forward pass it
belongs to, or the textbook formula applied to the statistics that forward pass
computed (a forward pass with a mistake, say N - 1, is charged in batchnorm_forward).
"""
import pytest

from autograder.parts.checking import public_part

PART = "batchnorm_backward"
PUBLIC = public_part(PART)


def check(grading, probe, name, keys):
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, probe)
    shapes = {"dx": "x", "dgamma": "gamma", "dbeta": "beta"}
    for x_key, suffix, what in (("x", "", ""), ("x_small", "_small", " for features whose variance is close to eps")):
        grads = {key: grading.array(out, key + suffix, like=inputs[shapes[key]], what=f"{key} of {name}",
                                    broadcast=True) for key in keys}
        numeric = {key: grading.array(out, f"numeric_{key}{suffix}", like=inputs[shapes[key]],
                                      what=f"the numeric {key} of your forward pass") for key in keys}
        PUBLIC.check_batchnorm_gradients(name, inputs[x_key], inputs["gamma"], inputs["beta"], inputs["dout"],
                                         grading.array(out, "out" + suffix, like=inputs["x"],
                                                       what="batchnorm_forward's training output"), grads, numeric,
                                         what)
    x, dout = inputs["x"], inputs["dout"]
    PUBLIC.check_backward_leaves_its_arguments(
        name, grading.array(out, "x_before_backward", like=x, what="x"),
        grading.array(out, "x_after_backward", like=x, what="x"), dout,
        grading.array(out, "dout_after", like=dout, what="dout"),
        {key: grading.array(out, key, like=inputs[shapes[key]], what=f"{key} of {name}", broadcast=True)
         for key in keys},
        {key: grading.array(out, f"again_{key}", like=inputs[shapes[key]], what=f"{key} of {name}", broadcast=True)
         for key in keys})


@pytest.mark.points(3)
def test_batchnorm_backward(grading):
    """batchnorm_backward: dx, dgamma and dbeta are the gradients of your forward pass"""
    check(grading, "batchnorm_graph_backward", "batchnorm_backward", ("dx", "dgamma", "dbeta"))


@pytest.mark.points(3)
def test_batchnorm_backward_alt(grading):
    """batchnorm_backward_alt: the same gradients from the simplified expression"""
    check(grading, "batchnorm_alt_backward", "batchnorm_backward_alt", ("dx", "dgamma", "dbeta"))
