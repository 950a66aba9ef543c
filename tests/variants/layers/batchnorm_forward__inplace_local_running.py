"""Batch norm forward that keeps the stub's local running_mean / running_var (bn_param.get with zeros as default) and updates them in place, running_mean *= momentum; running_mean += (1 - momentum) * mean (the same exponential moving average as the release docstring, and as MXNet's BatchNorm docs "moving_mean = moving_mean * momentum + data_mean * (1 - momentum)"), so the array already stored in bn_param is modified rather than replaced; the stub's closing lines then store the same objects back. The variance is np.var (biased), eps inside the square root. The cache is the layout the TODO suggests, (x_hat, gamma, x - mean, 1 / std). Difference from the docstring: none in values; the caller's running arrays are mutated in place."""
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
        mu = np.mean(x, axis=0)
        sigma2 = np.var(x, axis=0)
        xmu = x - mu
        istd = 1.0 / np.sqrt(sigma2 + eps)
        xhat = xmu * istd
        out = gamma * xhat + beta

        # exponential moving averages, updated in place
        running_mean *= momentum
        running_mean += (1.0 - momentum) * mu
        running_var *= momentum
        running_var += (1.0 - momentum) * sigma2

        cache = (xhat, gamma, xmu, istd)
    elif mode == "test":
        xhat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * xhat + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache
