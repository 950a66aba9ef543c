"""Batch norm with a dict cache, the paper's dvar / dmu chain rule in batchnorm_backward and the compact 1/N formula in batchnorm_backward_alt."""
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
        ivar = 1.0 / np.sqrt(var + eps)
        xhat = (x - mean) * ivar
        out = gamma * xhat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var
        cache = {"x": x, "mean": mean, "var": var, "eps": eps, "ivar": ivar, "xhat": xhat, "gamma": gamma}
    elif mode == "test":
        xhat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * xhat + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, mean, var, eps = cache["x"], cache["mean"], cache["var"], cache["eps"]
    ivar, xhat, gamma = cache["ivar"], cache["xhat"], cache["gamma"]
    N = x.shape[0]

    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    dvar = np.sum(dxhat * (x - mean), axis=0) * -0.5 * (var + eps) ** -1.5
    dmean = -np.sum(dxhat, axis=0) * ivar + dvar * np.mean(-2.0 * (x - mean), axis=0)
    dx = dxhat * ivar + dvar * 2.0 * (x - mean) / N + dmean / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    ivar, xhat, gamma = cache["ivar"], cache["xhat"], cache["gamma"]
    N = dout.shape[0]
    dbeta = dout.sum(0)
    dgamma = (dout * xhat).sum(0)
    dx = (1. / N) * gamma * ivar * (N * dout - dout.sum(0) - xhat * (dout * xhat).sum(0))
    return dx, dgamma, dbeta
