"""Bug: the simplified batchnorm_backward_alt leaves out the mean term of the compact formula (the paper's dl/dmu / m term, Ioffe & Szegedy 2015, section 3): dx = gamma * inv_std / N * (N * dout - x_hat * sum(dout * x_hat)) without "- sum(dout)", as if the minibatch mean did not depend on x, so dx no longer sums to zero over the batch. dgamma and dbeta are right; the node-by-node batchnorm_backward is the answer key's, on the cache (x_hat, gamma, x - mean, 1 / std)."""
FILE = "deeplearning/layers.py"
EXPECT = {"batchnorm_backward": "mean"}

import numpy as np


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, _, inv_std = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx = gamma * inv_std / N * (N * dout - x_hat * dgamma)
    return dx, dgamma, dbeta
