"""Layer norm that calls batchnorm_forward on x.T in train mode (gamma = 1, beta = 0), then scales and shifts; the backward calls batchnorm_backward on the transposes."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    N = x.shape[0]
    bn_param = {"mode": "train", "eps": eps}
    x_hat_t, bn_cache = batchnorm_forward(x.T, np.ones(N, dtype=x.dtype), np.zeros(N, dtype=x.dtype), bn_param)
    x_hat = x_hat_t.T
    out = gamma * x_hat + beta
    cache = (bn_cache, x_hat, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    bn_cache, x_hat, gamma = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_t, _, _ = batchnorm_backward((dout * gamma).T, bn_cache)
    dx = dx_t.T
    return dx, dgamma, dbeta
