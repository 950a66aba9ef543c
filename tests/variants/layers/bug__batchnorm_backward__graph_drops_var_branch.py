"""Bug: the Kratzert-style graph backward ("Understanding the backward pass through Batch Normalization Layer": xmu feeds both the normalization and the variance branch sq -> var -> sqrtvar -> ivar) follows only the direct branch: dxmu = dxhat * ivar, and the gradient that flows back through ivar, sqrtvar, var and sq (dxmu2 = 2 * xmu * dvar / N) is dropped, as if the variance did not depend on x. dgamma, dbeta and the mean branch are right; batchnorm_backward_alt is the answer key's. The forward is the release docstring's with the TODO's cache (x_hat, gamma, x - mean, 1 / std)."""
FILE = "deeplearning/layers.py"
EXPECT = {"batchnorm_backward": "variance"}

import numpy as np


def batchnorm_backward(dout, cache):
    xhat, gamma, xmu, ivar = cache
    N, D = dout.shape

    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    # xhat = xmu * ivar
    dxmu = dxhat * ivar
    # xmu = x - mu
    dmu = -np.sum(dxmu, axis=0)
    dx = dxmu + 1.0 / N * np.ones_like(dout) * dmu
    return dx, dgamma, dbeta
