"""Bug: test mode normalizes with the mean and variance of the test minibatch itself (as in training) instead of the running averages; the running averages are kept correctly in training but never used. This is what PyTorch's BatchNorm1d does only with track_running_stats=False ("batch statistics are instead used during evaluation time as well"), not what the release docstring asks ("Test: the running averages replace the minibatch statistics"). Training mode and the cache (x_hat, gamma, x - mean, 1 / std) are right."""
FILE = "deeplearning/layers.py"
EXPECT = {"batchnorm_forward": "minibatch's statistics"}

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
        centered = x - mean
        inv_std = 1.0 / np.sqrt(var + eps)
        x_hat = centered * inv_std
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (x_hat, gamma, centered, inv_std)
    elif mode == "test":
        mean = x.mean(axis=0)
        var = x.var(axis=0)
        out = gamma * (x - mean) / np.sqrt(var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache
