"""Layer norm with a correct forward and dx, but the TODO's "sums over examples become sums over features" applied to dgamma and dbeta too: they are summed over axis 1 and have shape (N,) instead of (D,) (gamma and beta are per feature, as in Ba, Kiros & Hinton 2016, so their gradients sum over the examples, axis 0)."""
FILE = "deeplearning/layers.py"
EXPECT = {"layernorm": "dgamma"}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mean = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    inv_std = 1 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, inv_std)
    return out, cache


def layernorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    D = x_hat.shape[1]
    # everything is per row in layer norm, so sum over the features
    dbeta = dout.sum(axis=1)
    dgamma = (dout * x_hat).sum(axis=1)
    dxh = dout * gamma
    dx = inv_std / D * (D * dxh - dxh.sum(axis=1, keepdims=True)
                        - x_hat * (dxh * x_hat).sum(axis=1, keepdims=True))
    return dx, dgamma, dbeta
