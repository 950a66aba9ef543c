"""Batch norm forward split into named nodes (mu, xmu, sq, var, sqrtvar, ivar, xhat) and a backward that walks them back one by one."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    N, D = x.shape
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        mu = np.sum(x, axis=0) / N
        xmu = x - mu
        sq = xmu ** 2
        var = np.sum(sq, axis=0) / N
        sqrtvar = np.sqrt(var + eps)
        ivar = 1.0 / sqrtvar
        xhat = xmu * ivar
        scaled = gamma * xhat
        out = scaled + beta

        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (xhat, gamma, xmu, ivar, sqrtvar, var, eps)
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    xhat, gamma, xmu, ivar, sqrtvar, var, eps = cache
    N, D = dout.shape

    dbeta = np.sum(dout, axis=0)
    dscaled = dout
    dgamma = np.sum(dscaled * xhat, axis=0)
    dxhat = dscaled * gamma

    dxmu_direct = dxhat * ivar
    divar = np.sum(dxhat * xmu, axis=0)
    dsqrtvar = divar * (-1.0 / sqrtvar ** 2)
    dvar = dsqrtvar * 0.5 / np.sqrt(var + eps)
    dsq = np.full((N, D), 1.0 / N) * dvar
    dxmu_through_var = dsq * 2 * xmu
    dxmu = dxmu_direct + dxmu_through_var

    dx_direct = dxmu
    dmu = -np.sum(dxmu, axis=0)
    dx_through_mu = np.full((N, D), 1.0 / N) * dmu
    dx = dx_direct + dx_through_mu
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    xhat, gamma, xmu, ivar, sqrtvar, var, eps = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dx = (gamma * ivar / N) * (N * dout - dbeta - xhat * dgamma)
    return dx, dgamma, dbeta
