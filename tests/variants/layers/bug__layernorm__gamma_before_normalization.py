"""Layer norm that applies gamma before the normalization, out = normalize(gamma * x) + beta, instead of after it, out = gamma * normalize(x) + beta (Ba, Kiros & Hinton 2016: the adaptive gain and bias "are applied after the normalization"; PyTorch nn.LayerNorm docs: (x - E[x]) / sqrt(Var[x] + eps) * gamma + beta); the backward is the standard layer-norm backward computed from its cache (x_hat of the scaled input), so the gradients are wrong too."""
FILE = "deeplearning/layers.py"
EXPECT = {"layernorm": "gamma"}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    scaled = gamma * x
    mean = scaled.mean(axis=1, keepdims=True)
    var = scaled.var(axis=1, keepdims=True)
    inv_std = 1 / np.sqrt(var + eps)
    x_hat = (scaled - mean) * inv_std
    out = x_hat + beta
    cache = (x_hat, gamma, inv_std)
    return out, cache


def layernorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    D = x_hat.shape[1]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = inv_std * (dx_hat - dx_hat.mean(axis=1, keepdims=True)
                    - x_hat * (dx_hat * x_hat).mean(axis=1, keepdims=True))
    return dx, dgamma, dbeta
