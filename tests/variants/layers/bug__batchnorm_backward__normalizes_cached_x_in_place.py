"""Bug: the batch-norm cache keeps the input x itself with the statistics, (x, gamma, mean, var, eps) (the "cache the inputs and recompute" layout of many submissions), and both backward passes rebuild x_hat in place to save a copy, x_hat = x; x_hat -= mean; x_hat /= np.sqrt(var + eps): the first backward call is right, but it has turned the cached x (the caller's array) into x_hat, so every later call on the same cache normalizes x_hat again and returns wrong gradients. The notebook calls batchnorm_backward and then batchnorm_backward_alt on one cache to compare them (and times 200 calls of each), so the second pass is off there; the forward pass is right."""
FILE = "deeplearning/layers.py"
EXPECT = {"batchnorm_backward": "modified the x its cache holds"}  # phrase proposed

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
        cache = (x, gamma, mean, var, eps)
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, gamma, mean, var, eps = cache
    N = x.shape[0]
    std = np.sqrt(var + eps)
    x_hat = x            # reuse the cached array instead of allocating a new one
    x_hat -= mean
    x_hat /= std

    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dvar = np.sum(dx_hat * x_hat * std, axis=0) * -0.5 / std ** 3
    dmean = -np.sum(dx_hat, axis=0) / std
    dx = dx_hat / std + dvar * 2 * x_hat * std / N + dmean / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x, gamma, mean, var, eps = cache
    N = x.shape[0]
    std = np.sqrt(var + eps)
    x_hat = x
    x_hat -= mean
    x_hat /= std
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx = gamma / (N * std) * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
