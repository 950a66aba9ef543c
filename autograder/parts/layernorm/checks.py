"""Layer normalization: per-example statistics, no dependence on the batch or the mode, gradients."""
import pytest

from autograder.parts.checking import common, public_part

PART = "layernorm"
PUBLIC = public_part(PART)


def expected(reference, inputs):
    layers = reference["layers"]
    out, cache = layers.layernorm_forward(inputs["x"], inputs["gamma"], inputs["beta"], {})
    return out, dict(zip(("dx", "dgamma", "dbeta"), layers.layernorm_backward(inputs["dout"], cache)))


@pytest.mark.points(2)
def test_forward(grading):
    """Each row is normalized with its own mean and biased variance, then scaled and shifted; x unchanged"""
    inputs = grading.inputs(PART)
    x, gamma, beta = inputs["x"], inputs["gamma"], inputs["beta"]
    out = grading.outputs(PART, "layernorm")
    PUBLIC.check_layernorm_forward(x, gamma, beta, grading.array(out, "out", like=x, what="layernorm_forward's output"))
    common.unchanged_input(x, grading.array(out, "x_after", like=x, what="x"), "layernorm_forward")


@pytest.mark.points(1)
def test_same_in_every_mode_and_batch(grading):
    """The output of an example depends neither on the mode nor on the other examples of the batch"""
    inputs = grading.inputs(PART)
    x = inputs["x"]
    modes = grading.outputs(PART, "layernorm_test_mode")
    PUBLIC.check_layernorm_independent(
        grading.array(grading.outputs(PART, "layernorm"), "out", like=x, what="layernorm_forward's output"),
        grading.array(modes, "out_all", like=x, what="the output with ln_param {'mode': 'test'}"),
        grading.array(modes, "out_one", like=x[:1], what="the output for a batch of one example"))


def judge_gradient(grading, reference, key):
    inputs = grading.inputs(PART)
    want = expected(reference, inputs)[1][key]
    out = grading.outputs(PART, "layernorm")
    got = grading.array(out, key, like=want, what=key, broadcast=True)
    numeric = grading.array(out, f"numeric_{key}", like=want, what=f"the numeric {key} of your layernorm_forward")
    PUBLIC.check_layernorm_gradient(key, got, numeric, want)


@pytest.mark.points(2)
def test_backward_dx(grading, reference):
    """layernorm_backward: dx is the gradient of your forward pass"""
    judge_gradient(grading, reference, "dx")


@pytest.mark.points(1)
def test_backward_dgamma_dbeta(grading, reference):
    """layernorm_backward: dgamma and dbeta"""
    judge_gradient(grading, reference, "dgamma")
    judge_gradient(grading, reference, "dbeta")


@pytest.mark.points(0)
def test_rows_are_normalized_as_the_docstring_says(grading):
    """Each row is normalized as the docstring says (eps added to the variance)"""
    inputs = grading.inputs(PART)
    x = inputs["x"]
    out = grading.array(grading.outputs(PART, "layernorm"), "out", like=x)
    common.formulation_note({"your layernorm_forward": PUBLIC.forward_formulation(x, inputs["gamma"], inputs["beta"],
                                                                                  out)})
