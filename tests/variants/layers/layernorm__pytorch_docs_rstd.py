"""Layer norm in the form of the PyTorch torch.nn.LayerNorm documentation, y = (x - E[x]) / sqrt(Var[x] + eps) * gamma + beta over the last dimension, "the variance is calculated via the biased estimator, equivalent to torch.var(input, correction=0)" (here np.var(..., ddof=0) over axis -1), keeping mean and rstd = 1 / sqrt(var + eps) as PyTorch does; the backward is the a * (dy * gamma) + b * x + c decomposition of PyTorch's CPU kernel (aten/src/ATen/native/cpu/layer_norm_kernel.cpp, also reproduced in nsmithtt/tml layernorm_bw.py): ds = sum(dy * gamma * x), db = sum(dy * gamma) over the row, b = (db * mean - ds) * rstd^3 / D, c = -b * mean - db * rstd / D. No difference from the docstring (x itself, not x - mean, enters the backward, which only changes rounding)."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mean = x.mean(axis=-1, keepdims=True)
    rstd = 1.0 / np.sqrt(np.var(x, axis=-1, ddof=0, keepdims=True) + eps)
    y_hat = (x - mean) * rstd
    out = y_hat * gamma + beta
    return out, (x, mean, rstd, gamma)


def layernorm_backward(dout, cache):
    x, mean, rstd, gamma = cache
    D = x.shape[-1]
    scale = 1.0 / D
    dbeta = dout.sum(axis=0)
    dgamma = (dout * (x - mean) * rstd).sum(axis=0)
    dy_g = dout * gamma
    ds = (dy_g * x).sum(axis=-1, keepdims=True)
    db = dy_g.sum(axis=-1, keepdims=True)
    a = rstd
    b = (db * mean - ds) * rstd ** 3 * scale
    c = -b * mean - db * rstd * scale
    dx = a * dy_g + b * x + c
    return dx, dgamma, dbeta
