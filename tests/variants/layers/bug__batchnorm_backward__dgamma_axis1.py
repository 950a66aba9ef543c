"""Bug: in the node-by-node batchnorm_backward, dgamma is summed over the feature axis, np.sum(dout * x_hat, axis=1) (one number per example, shape (N,)) instead of over the batch axis 0 (one per feature, shape (D,), as dbeta is); dx and dbeta are right, and batchnorm_backward_alt is the answer key's. The graph walk otherwise follows the chain rule of Ioffe & Szegedy (2015, section 3) on the cache (x_hat, gamma, x - mean, 1 / std)."""
FILE = "deeplearning/layers.py"
EXPECT = {"batchnorm_backward": "dgamma"}

import numpy as np


def batchnorm_backward(dout, cache):
    x_hat, gamma, x_mu, inv_std = cache
    N = dout.shape[0]

    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=1)
    dx_hat = dout * gamma
    # x_hat = x_mu * inv_std
    dx_mu = dx_hat * inv_std
    dinv_std = np.sum(dx_hat * x_mu, axis=0)
    # inv_std = (var + eps) ** -0.5  ->  d inv_std / d var = -0.5 * inv_std ** 3
    dvar = -0.5 * inv_std ** 3 * dinv_std
    # var = mean(x_mu ** 2)
    dx_mu += dvar * 2 * x_mu / N
    # x_mu = x - mean
    dmean = -np.sum(dx_mu, axis=0)
    dx = dx_mu + dmean / N
    return dx, dgamma, dbeta
