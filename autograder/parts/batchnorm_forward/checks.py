"""Batch normalization forward: training-time statistics, running averages, test mode (float32: a note)."""
import numpy as np
import pytest

from autograder.parts.checking import check_float32, close, fail, public

PART = "batchnorm_forward"


@pytest.mark.points(2.5)
def test_training_mode(grading):
    """Training mode normalizes with the minibatch mean and biased variance, then scales and shifts; x unchanged"""
    inputs = grading.inputs(PART)
    x, gamma, beta = inputs["x"], inputs["gamma"], inputs["beta"]
    out = grading.outputs(PART, "batchnorm_train")
    public.check_batchnorm_training(x, gamma, beta, grading.array(out, "out", like=x,
                                                                  what="batchnorm_forward's training output"))
    public.unchanged_input(x, grading.array(out, "x_after", like=x, what="x"), "batchnorm_forward")


@pytest.mark.points(1.5)
def test_running_averages(grading):
    """Training steps update the running averages as the docstring says, with bn_param's momentum"""
    inputs = grading.inputs(PART)
    x, D = inputs["x"], inputs["x"].shape[1]
    out = grading.outputs(PART, "batchnorm_train")
    public.check_first_running_averages(x, 0.8, grading.array(out, "running_mean", shape=(D,)),
                                        grading.array(out, "running_var", shape=(D,)))
    mean = np.zeros(D)
    biased = unbiased = np.zeros(D)
    for batch in inputs["batches"]:
        mean = 0.9 * mean + 0.1 * batch.mean(axis=0)
        biased, unbiased = 0.9 * biased + 0.1 * batch.var(axis=0), 0.9 * unbiased + 0.1 * batch.var(axis=0, ddof=1)
    out = grading.outputs(PART, "batchnorm_running_averages")
    got_mean = grading.array(out, "running_mean", shape=(D,), what="bn_param['running_mean']")
    got_var = grading.array(out, "running_var", shape=(D,), what="bn_param['running_var']")
    if not close(got_mean, mean, 1e-9) or not (close(got_var, biased, 1e-9) or close(got_var, unbiased, 1e-9)):
        fail(f"the running averages after {len(inputs['batches'])} training steps differ from the expected ones "
             f"(default momentum 0.9)")


@pytest.mark.points(1.5)
def test_test_mode(grading):
    """Test mode normalizes with the running averages, then scales and shifts"""
    inputs = grading.inputs(PART)
    x, gamma, beta = inputs["x"], inputs["gamma"], inputs["beta"]
    mean, var = inputs["running_mean"], inputs["running_var"]
    public.check_batchnorm_test(x, gamma, beta, mean, var, grading.array(grading.outputs(PART, "batchnorm_test"), "out",
                                                                         like=x, what="the test-mode output"))


@pytest.mark.points(0.5)
def test_test_mode_leaves_the_running_averages(grading):
    """A test-mode call does not change the running averages"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "batchnorm_test")
    public.check_test_mode_keeps_running_averages(inputs, {
        key: grading.array(out, f"{key}_after", like=inputs[key], what=f"bn_param['{key}'] after a test-mode call")
        for key in ("running_mean", "running_var")})


@pytest.mark.points(0)
def test_running_variance_is_the_biased_one(grading):
    """The running variance averages the biased minibatch variance, as the docstring says"""
    x = grading.inputs(PART)["x"]
    public.biased_running_variance_note(x, 0.8, grading.array(grading.outputs(PART, "batchnorm_train"), "running_var",
                                                              like=x[0]))


@pytest.mark.points(0)
def test_float32_stays_float32(grading):
    """float32 inputs give float32 outputs in both modes"""
    check_float32(grading, PART, "batchnorm_float32", advice="create the running averages with x's dtype")
