"""Layer norm whose per-row statistics are computed without keepdims and then made columns with .reshape(N, 1) (a common alternative to keepdims=True in cs231n solutions posted online); the backward goes step by step through the variance and the mean with the same reshape(N, 1) columns. No difference from the docstring."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    N, D = x.shape
    row_mean = np.mean(x, axis=1).reshape(N, 1)
    diff = x - row_mean
    row_var = np.mean(diff ** 2, axis=1).reshape(N, 1)
    denom = np.sqrt(row_var + eps)
    xn = diff / denom
    out = xn * gamma + beta
    cache = (diff, denom, xn, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    diff, denom, xn, gamma = cache
    N, D = diff.shape
    dgamma = np.sum(dout * xn, axis=0)
    dbeta = np.sum(dout, axis=0)
    dxn = dout * gamma
    # xn = diff / denom, denom = sqrt(var + eps), var = mean(diff ** 2) over the row
    ddenom = -np.sum(dxn * diff, axis=1).reshape(N, 1) / denom ** 2
    dvar = 0.5 * ddenom / denom
    ddiff = dxn / denom + 2.0 * diff * dvar / D
    dmean = -np.sum(ddiff, axis=1).reshape(N, 1)
    dx = ddiff + dmean / D
    return dx, dgamma, dbeta
