"""Layer norm with np.std over each row and eps added outside the square root, x_hat = (x - mean) / (std + eps), as in the hand-written LayerNorm module of the Annotated Transformer (Harvard NLP) and many blog posts (a_2 * (x - mean) / (std + eps) + b_2, there with an unbiased std; here the biased np.std, ddof=0, as the TODO asks); the backward differentiates this form, dstd/dx = (x - mean) / (D * std), with the std term set to 0 on a constant row (std = 0, where the derivative of the square root does not exist). Difference from the docstring: eps outside the square root instead of under it (the TODO says "add eps before the square root"); the outputs differ from the eps-inside form by about eps / std relative, a tiny epsilon effect."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mean = np.mean(x, axis=1, keepdims=True)
    std = np.std(x, axis=1, keepdims=True)
    xc = x - mean
    x_hat = xc / (std + eps)
    out = gamma * x_hat + beta
    cache = (xc, std, eps, x_hat, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    xc, std, eps, x_hat, gamma = cache
    D = xc.shape[1]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    g = dout * gamma
    t = std + eps
    # x_hat = xc / t, t = std + eps, d std / d x_i = xc_i / (D * std)
    dt = -(g * xc).sum(axis=1, keepdims=True) / t ** 2
    coef = np.divide(dt, D * std, out=np.zeros_like(dt), where=std > 0)
    dxc = g / t + coef * xc
    dx = dxc - dxc.mean(axis=1, keepdims=True)
    return dx, dgamma, dbeta
