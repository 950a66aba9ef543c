"""Batch norm forward that takes every statistic with np.mean(x, axis=0, keepdims=True) / np.var(..., keepdims=True), so the mean, variance and 1 / std are (1, D) rows, and keeps the running averages in bn_param as (1, D) arrays too (created as np.zeros((1, D)); numpy's keepdims "will broadcast correctly against the input array", numpy.mean docs). The cache is (x_hat, gamma, x - mean, 1 / std) with a (1, D) 1 / std, which the answer key's backward passes broadcast the same way. Difference from the docstring: running_mean and running_var have shape (1, D) instead of (D,); every value they produce broadcasts the same."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros((1, D), dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros((1, D), dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        batch_mean = np.mean(x, axis=0, keepdims=True)  # (1, D)
        batch_var = np.var(x, axis=0, keepdims=True)  # (1, D)
        x_minus_mean = x - batch_mean
        inv_std = 1.0 / np.sqrt(batch_var + eps)  # (1, D)
        x_hat = x_minus_mean * inv_std
        out = gamma * x_hat + beta

        running_mean = momentum * running_mean + (1 - momentum) * batch_mean
        running_var = momentum * running_var + (1 - momentum) * batch_var
        cache = (x_hat, gamma, x_minus_mean, inv_std)
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache
