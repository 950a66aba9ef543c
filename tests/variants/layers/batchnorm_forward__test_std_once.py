"""Batch norm forward that computes the test-time std = np.sqrt(running_var + eps) once and reassigns bn_param's averages."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        mu = x.mean(axis=0)
        var = x.var(axis=0)
        std = np.sqrt(var + eps)
        xc = x - mu
        x_hat = xc / std
        out = x_hat * gamma + beta
        bn_param["running_mean"] = momentum * running_mean + (1 - momentum) * mu
        bn_param["running_var"] = momentum * running_var + (1 - momentum) * var
        cache = (x_hat, gamma, xc, 1 / std)
    elif mode == "test":
        std = np.sqrt(running_var + eps)
        out = gamma * (x - running_mean) / std + beta
        bn_param["running_mean"] = running_mean
        bn_param["running_var"] = running_var
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    return out, cache
