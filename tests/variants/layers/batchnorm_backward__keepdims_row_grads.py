"""Batch norm written with keepdims=True throughout, as in Kratzert's blog post "Understanding the backward pass through Batch Normalization Layer" rewritten with keepdims and in many NumPy tutorials that keep every per-feature statistic as a (1, D) row: the batch mean and variance are (1, D) rows (so are the running averages built from them), and both backward passes return dgamma and dbeta as np.sum(..., axis=0, keepdims=True), shape (1, D); the node-by-node backward goes through mu, xmu, var, sqrtvar, ivar, xhat, and the simplified one is the one-line form on xhat and ivar. Difference from the docstring: dgamma and dbeta have shape (1, D) instead of (D,), and the running averages (1, D) instead of (D,); both broadcast exactly like the documented shapes (an update gamma - lr * dgamma gives a (1, D) gamma, which the layers treat like a (D,) one)."""
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
        mu = np.mean(x, axis=0, keepdims=True)
        xmu = x - mu
        var = np.mean(xmu ** 2, axis=0, keepdims=True)
        sqrtvar = np.sqrt(var + eps)
        ivar = 1.0 / sqrtvar
        xhat = xmu * ivar
        out = gamma * xhat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (xhat, gamma, xmu, ivar, sqrtvar)
    elif mode == "test":
        xhat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * xhat + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    xhat, gamma, xmu, ivar, sqrtvar = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0, keepdims=True)
    dgamma = np.sum(dout * xhat, axis=0, keepdims=True)
    dxhat = dout * gamma
    divar = np.sum(dxhat * xmu, axis=0, keepdims=True)
    dxmu1 = dxhat * ivar
    dsqrtvar = -divar / sqrtvar ** 2
    dvar = 0.5 * dsqrtvar / sqrtvar
    dxmu2 = 2.0 * xmu * dvar / N
    dx1 = dxmu1 + dxmu2
    dmu = -np.sum(dx1, axis=0, keepdims=True)
    dx = dx1 + dmu / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    xhat, gamma, _, ivar, _ = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0, keepdims=True)
    dgamma = np.sum(dout * xhat, axis=0, keepdims=True)
    dx = gamma * ivar / N * (N * dout - dbeta - xhat * dgamma)
    return dx, dgamma, dbeta
