"""Layer norm written directly with axis=1 and keepdims=True, and a node-by-node backward along the rows."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mu = np.mean(x, axis=1, keepdims=True)
    var = np.var(x, axis=1, keepdims=True)
    std = np.sqrt(var + eps)
    x_hat = (x - mu) / std
    out = gamma * x_hat + beta
    cache = (x, mu, std, x_hat, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    x, mu, std, x_hat, gamma = cache
    D = x.shape[1]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)

    dx_hat = dout * gamma
    xmu = x - mu
    dstd = -np.sum(dx_hat * xmu, axis=1, keepdims=True) / std ** 2
    dvar = dstd / (2 * std)
    dxmu = dx_hat / std + dvar * 2 * xmu / D
    dmu = -np.sum(dxmu, axis=1, keepdims=True)
    dx = dxmu + dmu / D
    return dx, dgamma, dbeta
