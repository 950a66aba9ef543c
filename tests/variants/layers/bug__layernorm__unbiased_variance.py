"""Layer norm with the unbiased variance over the features of each row, np.var(x, axis=1, ddof=1), i.e. divided by D - 1 (the estimator torch.std uses by default, e.g. in the Annotated Transformer's LayerNorm), where the release TODO, Ba, Kiros & Hinton (2016, eq. 3: 1/H) and the PyTorch nn.LayerNorm docs ("the biased estimator, torch.var(input, correction=0)") use the biased one divided by D; the backward is the standard formula applied to this cache. With D = 7 features the normalized outputs are off by a factor sqrt(6/7)."""
FILE = "deeplearning/layers.py"
EXPECT = {"layernorm": "unbiased"}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mu = np.mean(x, axis=1, keepdims=True)
    var = np.var(x, axis=1, ddof=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * inv_std
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, inv_std)
    return out, cache


def layernorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    D = x_hat.shape[1]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = (inv_std / D) * (D * dx_hat - dx_hat.sum(axis=1, keepdims=True)
                          - x_hat * (dx_hat * x_hat).sum(axis=1, keepdims=True))
    return dx, dgamma, dbeta
