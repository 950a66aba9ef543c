"""Batch normalization forward: training-time statistics, running averages, test mode (float32: a note)."""
import numpy as np
import pytest

from autograder.parts.checking import check_float32, close, fail, norm_error

PART = "batchnorm_forward"
EPS = 1e-5


def normalized(x, mean, var, gamma, beta, eps_in_sqrt=True):
    return gamma * (x - mean) / (np.sqrt(var + EPS) if eps_in_sqrt else np.sqrt(var) + EPS) + beta


@pytest.mark.points(2.5)
def test_training_mode(grading):
    """Training mode normalizes with the minibatch mean and biased variance, then scales and shifts; x unchanged"""
    inputs = grading.inputs(PART)
    x, gamma, beta = inputs["x"], inputs["gamma"], inputs["beta"]
    out = grading.outputs(PART, "batchnorm_train")
    got = grading.array(out, "out", like=x, what="batchnorm_forward's training output")
    mean, var = x.mean(axis=0), x.var(axis=0)
    if not close(got, normalized(x, mean, var, gamma, beta), 1e-9):
        for guess, mistake in [
            (normalized(x, mean, x.var(axis=0, ddof=1), gamma, beta),
             "the variance is divided by N - 1; batch normalization uses the biased variance (np.var, ddof=0)"),
            (normalized(x, mean, var, gamma, beta, eps_in_sqrt=False),
             "eps is added to the standard deviation; add it to the variance: (x - mean) / sqrt(var + eps)"),
            (normalized(x, mean, var, 1.0, 0.0), "the output is not scaled by gamma and shifted by beta"),
        ]:
            if close(got, guess, 1e-9):
                fail(mistake)
        fail(f"the training-time output is not gamma * (x - mean) / sqrt(var + eps) + beta with the minibatch's "
             f"statistics (relative error {norm_error(got, normalized(x, mean, var, gamma, beta)):.1e})")
    if not np.array_equal(grading.array(out, "x_after", like=x, what="x"), x):
        fail("batchnorm_forward modified its input x in place")


@pytest.mark.points(1.5)
def test_running_averages(grading):
    """Training steps update the running averages as the docstring says, with bn_param's momentum"""
    inputs = grading.inputs(PART)
    x, D = inputs["x"], inputs["x"].shape[1]
    out = grading.outputs(PART, "batchnorm_train")
    one_mean = grading.array(out, "running_mean", shape=(D,), what="bn_param['running_mean'] after one step")
    one_var = grading.array(out, "running_var", shape=(D,), what="bn_param['running_var'] after one step")
    if np.allclose(one_mean, 0.8 * x.mean(axis=0)):
        fail("running_mean = momentum * sample_mean + ...: the momentum weighs the old running mean, "
             "(1 - momentum) the sample mean")
    variances = (x.var(axis=0), x.var(axis=0, ddof=1))  # the unbiased one is a note, see below
    if not close(one_mean, 0.2 * x.mean(axis=0), 1e-9) or not any(close(one_var, 0.2 * v, 1e-9) for v in variances):
        fail("after one training step from zero, the running averages should be (1 - momentum) times the "
             "minibatch mean and variance; read the momentum from bn_param")
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
    got = grading.array(grading.outputs(PART, "batchnorm_test"), "out", like=x, what="the test-mode output")
    if close(got, normalized(x, mean, var, gamma, beta), 1e-9):
        return
    if close(got, normalized(x, mean, var, gamma, beta, eps_in_sqrt=False), 1e-9):
        fail("eps is added to the standard deviation in test mode: normalize with (x - running_mean) / "
             "sqrt(running_var + eps)")
    if close(got, normalized(x, x.mean(axis=0), x.var(axis=0), gamma, beta), 1e-6):
        fail("the test-mode output uses the minibatch's statistics: normalize with the running mean and variance")
    fail(f"the test-mode output should be gamma * (x - running_mean) / sqrt(running_var + eps) + beta (relative "
         f"error {norm_error(got, normalized(x, mean, var, gamma, beta)):.1e})")


@pytest.mark.points(0.5)
def test_test_mode_leaves_the_running_averages(grading):
    """A test-mode call does not change the running averages"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "batchnorm_test")
    for key in ("running_mean", "running_var"):
        after = grading.array(out, f"{key}_after", like=inputs[key], what=f"bn_param['{key}'] after a test-mode call")
        if not np.array_equal(after, inputs[key]):
            fail("a test-mode call changed the running averages; only training mode updates them")


@pytest.mark.points(0)
def test_running_variance_is_the_biased_one(grading):
    """The running variance averages the biased minibatch variance, as the docstring says"""
    x = grading.inputs(PART)["x"]
    one_var = grading.array(grading.outputs(PART, "batchnorm_train"), "running_var", like=x[0])
    if not close(one_var, 0.2 * x.var(axis=0), 1e-9):
        fail("the running variance averages the unbiased variance (divided by N - 1). PyTorch does so too, and it "
             "costs no points, but the docstring asks for the variance the layer normalizes with")


@pytest.mark.points(0)
def test_float32_stays_float32(grading):
    """float32 inputs give float32 outputs in both modes"""
    check_float32(grading, PART, "batchnorm_float32", advice="create the running averages with x's dtype")
