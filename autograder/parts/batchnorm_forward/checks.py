"""Batch normalization forward: training-time statistics, running averages, test mode, dtype."""
import numpy as np
import pytest
from autograder.parts.checking import fail, rel_error

PART = "batchnorm_forward"


@pytest.mark.points(3)
def test_training_mode(grading, reference):
    """Training mode normalizes with the minibatch mean and biased variance, then scales and shifts"""
    inputs = grading.inputs(PART)
    x, gamma, beta = inputs["x"], inputs["gamma"], inputs["beta"]
    out = grading.outputs(PART, "batchnorm_train")
    got = grading.array(out, "out", like=x, what="batchnorm_forward's training output")
    want, _ = reference["layers"].batchnorm_forward(x, gamma, beta, {"mode": "train", "momentum": 0.8})
    if rel_error(got, want) > 1e-7:
        mean, var = x.mean(axis=0), x.var(axis=0)
        if np.allclose(got, gamma * (x - mean) / np.sqrt(x.var(axis=0, ddof=1) + 1e-5) + beta, rtol=1e-7):
            fail("the variance is divided by N - 1; batch normalization uses the biased variance (np.var, ddof=0)")
        if np.allclose(got, gamma * (x - mean) / (np.sqrt(var) + 1e-5) + beta, rtol=1e-7):
            fail("eps is added to the standard deviation; add it to the variance: (x - mean) / sqrt(var + eps)")
        if np.allclose(got, (x - mean) / np.sqrt(var + 1e-5), rtol=1e-7):
            fail("the output is not scaled by gamma and shifted by beta")
        fail(f"the training-time output is not gamma * (x - mean) / sqrt(var + eps) + beta with the minibatch's "
             f"statistics (relative error {rel_error(got, want):.1e})")
    if not np.array_equal(grading.array(out, "x_after", like=x, what="x"), x):
        fail("batchnorm_forward modified its input x in place")
    out32 = grading.outputs(PART, "batchnorm_float32")
    for mode in ("train", "test"):
        if grading.array(out32, mode, like=x, what=f"the {mode}-mode output").dtype != np.float32:
            fail(f"for float32 inputs the {mode}-mode output is {out32[mode].dtype}: create the running averages "
                 f"with x's dtype and keep it")


@pytest.mark.points(3)
def test_running_averages_and_test_mode(grading, reference):
    """Running averages use the momentum as in the docstring; test mode normalizes with them"""
    inputs = grading.inputs(PART)
    x, gamma, beta = inputs["x"], inputs["gamma"], inputs["beta"]
    out = grading.outputs(PART, "batchnorm_train")
    D = x.shape[1]
    one_mean = grading.array(out, "running_mean", shape=(D,), what="bn_param['running_mean'] after one step")
    one_var = grading.array(out, "running_var", shape=(D,), what="bn_param['running_var'] after one step")
    if np.allclose(one_mean, 0.8 * x.mean(axis=0)):
        fail("running_mean = momentum * sample_mean + ...: the momentum weighs the old running mean, "
             "(1 - momentum) the sample mean")
    if not np.allclose(one_mean, 0.2 * x.mean(axis=0), rtol=1e-7) or not np.allclose(one_var, 0.2 * x.var(axis=0),
                                                                                       rtol=1e-7):
        fail("after one training step from zero, the running averages should be (1 - momentum) times the "
             "minibatch mean and (biased) variance; read the momentum from bn_param")
    out = grading.outputs(PART, "batchnorm_running_averages")
    bn_param = {"mode": "train"}
    for batch in inputs["batches"]:
        reference["layers"].batchnorm_forward(batch, gamma, beta, bn_param)
    for key in ("running_mean", "running_var"):
        got = grading.array(out, key, shape=(D,), what=f"bn_param['{key}']")
        if rel_error(got, bn_param[key]) > 1e-7:
            fail(f"bn_param['{key}'] after {len(inputs['batches'])} training steps differs from the expected running "
                 f"average (default momentum 0.9)")
    bn_param["mode"] = "test"
    want, _ = reference["layers"].batchnorm_forward(x, gamma, beta, bn_param)
    got = grading.array(out, "test_out", like=x, what="the test-mode output")
    if rel_error(got, want) > 1e-7:
        fail("the test-mode output should normalize with the running mean and variance, not the minibatch's")
    after = grading.array(out, "running_mean_after_test", shape=(D,), what="running_mean after a test-mode call")
    if not np.array_equal(after, bn_param["running_mean"]):
        fail("a test-mode call changed the running averages; only training mode updates them")
