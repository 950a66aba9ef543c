"""Batch norm that caches only (x, gamma, eps) and recomputes the minibatch statistics in both backward passes."""
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
        mean = x.mean(axis=0)
        var = x.var(axis=0)
        out = gamma * (x - mean) / np.sqrt(var + eps) + beta
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (x, gamma, eps)
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, gamma, eps = cache
    N = x.shape[0]
    mean = x.mean(axis=0)
    centered = x - mean
    var = (centered ** 2).mean(axis=0)
    std = np.sqrt(var + eps)
    x_norm = centered / std

    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_norm).sum(axis=0)
    dx_norm = dout * gamma
    dcentered = dx_norm / std
    dstd = -(dx_norm * centered).sum(axis=0) / std ** 2
    dvar = dstd / (2 * std)
    dcentered += 2 * centered * dvar / N
    dx = dcentered - dcentered.sum(axis=0) / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x, gamma, eps = cache
    N = x.shape[0]
    std = np.sqrt(x.var(axis=0) + eps)
    x_norm = (x - x.mean(axis=0)) / std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_norm).sum(axis=0)
    dx = gamma / (N * std) * (N * dout - dbeta - x_norm * dgamma)
    return dx, dgamma, dbeta
