"""Bug: the given line changed to eps = ln_param.get("eps", 1e-3), the default of tf.keras.layers.LayerNormalization (epsilon=0.001), eps inside the square root as documented. The docstring fixes the default at 1e-5; a smaller default would be harmless (within the accepted gap of eps inside or outside the root), a larger one is not: every output moves by about 1e-3 / (2 var) relative, 100 times that gap, and rows whose variance is near 1e-3 are no longer normalized (1e-1 would be worse still). With eps passed in ln_param the layer is right; the backward is the exact per-row formula on the cached x_hat and 1 / std."""
FILE = "deeplearning/layers.py"
EXPECT = {"layernorm": "default eps"}  # phrase proposed

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-3)
    out, cache = None, None
    mean = np.mean(x, axis=1, keepdims=True)
    var = np.var(x, axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    out = gamma * x_hat + beta
    cache = {"x_hat": x_hat, "inv_std": inv_std, "gamma": gamma}
    return out, cache


def layernorm_backward(dout, cache):
    x_hat, inv_std, gamma = cache["x_hat"], cache["inv_std"], cache["gamma"]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dxh = dout * gamma
    dx = inv_std * (dxh - dxh.mean(axis=1, keepdims=True) - x_hat * (dxh * x_hat).mean(axis=1, keepdims=True))
    return dx, dgamma, dbeta
