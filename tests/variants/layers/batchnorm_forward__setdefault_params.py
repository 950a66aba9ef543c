"""Batch norm forward that reads all its settings with bn_param.setdefault (eps, momentum, running_mean, running_var), so the defaults are written into bn_param on the first call (dict.setdefault: "If key is in the dictionary, return its value. If not, insert key with a value of default and return default", Python docs), then rebinds bn_param["running_mean"] / ["running_var"] to the new averages (momentum on the old value, as in the release docstring). Statistics via x.mean / x.var (biased), eps inside the square root. The cache is the TODO's layout (x_hat, gamma, x - mean, 1 / std). Difference from the docstring: after a call, bn_param also holds "eps" and "momentum" (their default values if they were missing); no value changes."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.setdefault("eps", 1e-5)
    momentum = bn_param.setdefault("momentum", 0.9)
    N, D = x.shape
    running_mean = bn_param.setdefault("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.setdefault("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        batch_mean = x.mean(axis=0)
        batch_var = x.var(axis=0)
        x_c = x - batch_mean
        inv_sd = (batch_var + eps) ** -0.5
        x_hat = x_c * inv_sd
        out = x_hat * gamma + beta
        running_mean = momentum * running_mean + (1 - momentum) * batch_mean
        running_var = momentum * running_var + (1 - momentum) * batch_var
        cache = (x_hat, gamma, x_c, inv_sd)
    elif mode == "test":
        out = (x - running_mean) * (running_var + eps) ** -0.5 * gamma + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache
