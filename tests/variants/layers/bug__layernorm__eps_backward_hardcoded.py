"""Bug: layer norm that uses eps inconsistently: the forward reads eps from ln_param (default 1e-5, as documented) and normalizes with sqrt(var + eps), but caches only (x - mean, var, gamma), and the backward rebuilds the standard deviation with a hard-coded 1e-8 (the student's habitual epsilon from the update rules), inv_std = 1 / np.sqrt(var + 1e-8). dx and dgamma are then not the derivatives of the forward: off by about (eps - 1e-8) / var relative, small at the documented default on rows of large variance, order 1 for rows whose variance is near eps, and plain visible when ln_param passes a larger eps (1e-3). The forward is right."""
FILE = "deeplearning/layers.py"
EXPECT = {"layernorm": "eps"}  # phrase proposed

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    out, cache = None, None
    mean = x.mean(axis=1, keepdims=True)
    xmu = x - mean
    var = (xmu ** 2).mean(axis=1, keepdims=True)
    out = gamma * xmu / np.sqrt(var + eps) + beta
    cache = (xmu, var, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    xmu, var, gamma = cache
    inv_std = 1.0 / np.sqrt(var + 1e-8)
    x_hat = xmu * inv_std
    D = dout.shape[1]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = inv_std / D * (D * dx_hat - dx_hat.sum(axis=1, keepdims=True)
                        - x_hat * (dx_hat * x_hat).sum(axis=1, keepdims=True))
    return dx, dgamma, dbeta
