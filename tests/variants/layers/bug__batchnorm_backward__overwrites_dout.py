"""Bug: the node-by-node batchnorm_backward reuses the upstream gradient's buffer for dL/dx_hat to save memory, dx_hat = dout; dx_hat *= gamma, and goes on from there: its own result is right, but the caller's dout now holds dout * gamma. The notebook passes one dout to batchnorm_backward and then to batchnorm_backward_alt to compare them (and to 200 timed calls of each), so the (correct) simplified pass is then fed gamma * dout and the comparison fails; the forward pass and batchnorm_backward_alt are right. The mistake is batchnorm_backward's."""
FILE = "deeplearning/layers.py"
EXPECT = {"batchnorm_backward": "modified dout"}  # phrase proposed

import numpy as np


def batchnorm_backward(dout, cache):
    x_hat, gamma, centered, inv_std = cache
    dx, dgamma, dbeta = None, None, None
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout
    dx_hat *= gamma
    dinv_std = (dx_hat * centered).sum(axis=0)
    dvar = -0.5 * inv_std ** 3 * dinv_std
    dcentered = dx_hat * inv_std + 2.0 * centered * dvar / N
    dx = dcentered - dcentered.mean(axis=0)
    return dx, dgamma, dbeta
