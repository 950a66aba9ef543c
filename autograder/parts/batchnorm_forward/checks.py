"""Batch normalization forward: training-time statistics, running averages, test mode (float32, the shapes of the
running averages and accepted forms other than the docstring's: notes)."""
import numpy as np
import pytest

from autograder.parts.checking import check_float32, close, common, fail, public_part

PART = "batchnorm_forward"
PUBLIC = public_part(PART)


def running_averages(grading, probe, D, what=""):
    out = grading.outputs(PART, probe)
    return {key: grading.array(out, key, shape=(D,), what=f"bn_param['{key}']{what}", broadcast="values")
            for key in ("running_mean", "running_var")}


@pytest.mark.points(2.5)
def test_training_mode(grading):
    """Training mode normalizes with the minibatch mean and biased variance, then scales and shifts; x unchanged"""
    inputs = grading.inputs(PART)
    x, gamma, beta = inputs["x"], inputs["gamma"], inputs["beta"]
    out = grading.outputs(PART, "batchnorm_train")
    PUBLIC.check_batchnorm_training(x, gamma, beta, grading.array(out, "out", like=x,
                                                                  what="batchnorm_forward's training output"))
    common.unchanged_input(x, grading.array(out, "x_after", like=x, what="x"), "batchnorm_forward")
    default_eps(grading, charge=True)


def default_eps(grading, charge):
    """The note on the default eps (None where it is the docstring's); with charge, fails where it changes the
    output more than eps itself does."""
    inputs = grading.inputs(PART)
    x, gamma, beta = inputs["x"], inputs["gamma"], inputs["beta"]
    out = grading.outputs(PART, "batchnorm_defaults")
    return PUBLIC.check_default_eps(x, gamma, beta, grading.array(out, "out_given", like=x),
                                    grading.array(out, "out_default", like=x), charge=charge)


@pytest.mark.points(1.5)
def test_running_averages(grading):
    """Training steps update the running averages as the docstring says, with bn_param's momentum"""
    inputs = grading.inputs(PART)
    x, D = inputs["x"], inputs["x"].shape[1]
    first = running_averages(grading, "batchnorm_train", D, " after one step")
    PUBLIC.check_first_running_averages(x, 0.8, first["running_mean"], first["running_var"])
    mean = np.zeros(D)
    for batch in inputs["batches"]:
        mean = 0.9 * mean + 0.1 * batch.mean(axis=0)
    got = running_averages(grading, "batchnorm_running_averages", D, f" after {len(inputs['batches'])} steps")
    if not close(got["running_mean"], mean, 1e-9) or not PUBLIC.running_variance_form(inputs["batches"], 0.9,
                                                                                       got["running_var"]):
        fail(f"the running averages after {len(inputs['batches'])} training steps differ from the expected ones "
             f"(momentum 0.9)", "wrong_running_averages")
    defaults = grading.outputs(PART, "batchnorm_defaults")
    PUBLIC.check_default_momentum(x, defaults.get("running_mean_given"), defaults.get("running_mean_default"))


@pytest.mark.points(1.5)
def test_test_mode(grading):
    """Test mode normalizes with the running averages, then scales and shifts"""
    inputs = grading.inputs(PART)
    x, gamma, beta = inputs["x"], inputs["gamma"], inputs["beta"]
    mean, var = inputs["running_mean"], inputs["running_var"]
    PUBLIC.check_batchnorm_test(x, gamma, beta, mean, var, grading.array(grading.outputs(PART, "batchnorm_test"), "out",
                                                                         like=x, what="the test-mode output"))


@pytest.mark.points(0.5)
def test_test_mode_leaves_the_running_averages(grading):
    """A test-mode call does not change the running averages"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "batchnorm_test")
    PUBLIC.check_test_mode_keeps_running_averages(inputs, {
        key: grading.array(out, f"{key}_after", like=inputs[key], what=f"bn_param['{key}'] after a test-mode call",
                           broadcast="values") for key in ("running_mean", "running_var")})


@pytest.mark.points(0)
def test_default_eps_is_the_docstrings(grading):
    """Without eps in bn_param, the output is the docstring's default eps = 1e-5"""
    note = default_eps(grading, charge=False)
    if note:
        fail(note, "default_eps")


@pytest.mark.points(0)
def test_running_variance_is_the_biased_one(grading):
    """The running variance averages the biased minibatch variance, as the docstring says"""
    x = grading.inputs(PART)["x"]
    PUBLIC.biased_running_variance_note(x, 0.8, grading.array(grading.outputs(PART, "batchnorm_train"), "running_var",
                                                              shape=x.shape[1:], broadcast="values"))


@pytest.mark.points(0)
def test_running_averages_have_the_docstrings_shape(grading):
    """The running averages have the docstring's shape (D,)"""
    out = grading.outputs(PART, "batchnorm_train")
    PUBLIC.running_shapes_note({key: out.get(key) for key in ("running_mean", "running_var")},
                               grading.inputs(PART)["x"].shape[1])


@pytest.mark.points(0)
def test_both_modes_normalize_as_the_docstring_says(grading):
    """Both modes normalize as the docstring says (eps added to the variance)"""
    inputs = grading.inputs(PART)
    x, gamma, beta = inputs["x"], inputs["gamma"], inputs["beta"]
    train = grading.array(grading.outputs(PART, "batchnorm_train"), "out", like=x)
    test = grading.array(grading.outputs(PART, "batchnorm_test"), "out", like=x)
    common.formulation_note({
        "your training mode": PUBLIC.training_formulation(x, gamma, beta, train),
        "your test mode": PUBLIC.test_formulation(x, gamma, beta, inputs["running_mean"], inputs["running_var"], test)})


@pytest.mark.points(0)
def test_float32_stays_float32(grading):
    """float32 inputs give float32 outputs in both modes"""
    check_float32(grading, PART, "batchnorm_float32", advice="create the running averages with x's dtype")
