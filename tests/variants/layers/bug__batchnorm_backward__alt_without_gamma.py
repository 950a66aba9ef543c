"""Bug: the simplified batchnorm_backward_alt forgets gamma in dx: dx = inv_std / N * (N * dout - sum(dout) - x_hat * sum(dout * x_hat)), the gradient with respect to x of x_hat rather than of gamma * x_hat + beta (correct only when gamma = 1, as at initialization). The compact formula it comes from (Ioffe & Szegedy 2015, section 3, where dl/dx_hat = dl/dy * gamma) has the factor gamma. dgamma and dbeta are right; the node-by-node batchnorm_backward is the answer key's, on the cache (x_hat, gamma, x - mean, 1 / std)."""
FILE = "deeplearning/layers.py"
EXPECT = {"batchnorm_backward": "gamma"}

import numpy as np


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, _, inv_std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = inv_std / N * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
