"""layernorm_forward that takes the mean and variance over the batch (axis 0, per feature) instead of over each
example's features (axis 1): that is batch normalization."""
FILE = "deeplearning/layers.py"
EXPECT = {"layernorm": "that is batch normalization"}
MISTAKE = "layernorm/over_the_batch"
PUBLIC = True

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    out, cache = None, None
    mean = x.mean(axis=0)
    centered = x - mean
    var = (centered * centered).mean(axis=0)
    inv_std = 1 / np.sqrt(var + eps)
    x_hat = centered * inv_std
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, inv_std)
    return out, cache
