"""Layer norm that computes the per-row statistics itself and then hand-builds a cache in this student's own three-element batch-norm layout (x_hat, gamma, inv_std), transposed, to call its own batchnorm_backward_alt on (dout * gamma).T (the pattern of several real submissions, here with the simplified backward dx = gamma * inv_std / N * (N dout - sum dout - x_hat sum(dout x_hat)), the closed form the release's batchnorm_backward_alt TODO asks students to derive in terms of x_hat, gamma and 1 / std); the file is a complete batch normalization in that layout: forward per the release docstring, a node-by-node backward that recovers x - mean as x_hat / inv_std, and the simplified backward. Difference from the docstring: none in behaviour; the batch-norm cache has three elements instead of the four the TODO suggests."""
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
        batch_mean = x.mean(axis=0)
        batch_var = x.var(axis=0)
        inv_std = 1.0 / np.sqrt(batch_var + eps)
        x_hat = (x - batch_mean) * inv_std
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * batch_mean
        running_var = momentum * running_var + (1 - momentum) * batch_var
        cache = (x_hat, gamma, inv_std)
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    N = dout.shape[0]
    centered = x_hat / inv_std
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    # x_hat = centered * inv_std, inv_std = (var + eps) ** -0.5, var = mean(centered ** 2)
    dinv_std = (dx_hat * centered).sum(axis=0)
    dvar = -0.5 * dinv_std * inv_std ** 3
    dcentered = dx_hat * inv_std + dvar * 2.0 * centered / N
    dmean = -dcentered.sum(axis=0)
    dx = dcentered + dmean / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, inv_std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = gamma * inv_std / N * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    N = x.shape[0]
    row_mean = x.mean(axis=1)
    row_var = x.var(axis=1)
    inv_std = 1.0 / np.sqrt(row_var + eps)
    x_hat = (x - row_mean[:, None]) * inv_std[:, None]
    out = gamma * x_hat + beta
    # what batchnorm_forward(x.T, ones, zeros, train) would have cached
    cache = ((x_hat.T, np.ones(N, dtype=x.dtype), inv_std), gamma)
    return out, cache


def layernorm_backward(dout, cache):
    bn_cache, gamma = cache
    x_hat = bn_cache[0].T
    dgamma = (dout * x_hat).sum(axis=0)
    dbeta = dout.sum(axis=0)
    dxt, _, _ = batchnorm_backward_alt((dout * gamma).T, bn_cache)
    return dxt.T, dgamma, dbeta
