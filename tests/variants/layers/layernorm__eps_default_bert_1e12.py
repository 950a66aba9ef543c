"""Layer norm with the given line changed to eps = ln_param.get("eps", 1e-12), the layer_norm_eps of BERT (Hugging Face's BertConfig default, and Google's original BERT code) which a student copied from a transformer tutorial, eps inside the square root: x_hat = (x - mean) / sqrt(var + eps) per row with keepdims, then gamma * x_hat + beta; the cache keeps (x_hat, 1 / std, gamma) and the backward is the compact per-row formula. The docstring's default is 1e-5; a smaller eps still keeps a constant row finite (x_hat = 0) and moves the output by less than the docstring's eps itself does (about 1e-5 / (2 var) relative at most, the accepted gap between eps inside and outside the root); with eps in ln_param the result is the docstring's. Difference from the docstring: default eps 1e-12 instead of 1e-5; no visible change in behaviour."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-12)
    out, cache = None, None
    mu = np.mean(x, axis=1, keepdims=True)
    var = np.var(x, axis=1, keepdims=True)
    rstd = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mu) * rstd
    out = x_hat * gamma + beta
    cache = (x_hat, rstd, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    x_hat, rstd, gamma = cache
    D = dout.shape[1]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dxh = dout * gamma
    dx = rstd / D * (D * dxh - np.sum(dxh, axis=1, keepdims=True)
                     - x_hat * np.sum(dxh * x_hat, axis=1, keepdims=True))
    return dx, dgamma, dbeta
