"""Batch norm forward with np.mean / np.var, the running averages updated in place inside bn_param."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    bn_param.setdefault("running_mean", np.zeros(D, dtype=x.dtype))
    bn_param.setdefault("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        sample_mean = np.mean(x, axis=0)
        sample_var = np.var(x, axis=0)
        x_centered = x - sample_mean
        inv_std = 1.0 / np.sqrt(sample_var + eps)
        x_hat = x_centered * inv_std
        out = gamma * x_hat + beta

        bn_param["running_mean"] *= momentum
        bn_param["running_mean"] += (1 - momentum) * sample_mean
        bn_param["running_var"] *= momentum
        bn_param["running_var"] += (1 - momentum) * sample_var

        cache = (x_hat, gamma, x_centered, inv_std)
    elif mode == "test":
        x_hat = (x - bn_param["running_mean"]) / np.sqrt(bn_param["running_var"] + eps)
        out = gamma * x_hat + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    return out, cache
