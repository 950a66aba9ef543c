"""Bug: the forward normalizes with sqrt(var + eps) (right, Ioffe & Szegedy Algorithm 1) but caches only (x, x_hat, mean, var, gamma), and both backward passes rebuild the standard deviation as np.sqrt(var), without eps: dx is then not the derivative of the forward, off by a relative ~eps / var (about 1e-5 in the notebook's gradient check with x = 5 * randn + 12, 2e-4 at unit variance, order 1 once var is near eps, e.g. for tiny weight scales). The paper's backward keeps eps everywhere, dl/dsigma2 = sum dl/dx_hat (x - mu) * -1/2 (sigma2 + eps)^-3/2. dgamma, dbeta and the training output are right."""
FILE = "deeplearning/layers.py"
EXPECT = {"batchnorm_backward": "eps"}

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
        mean = np.mean(x, axis=0)
        var = np.var(x, axis=0)
        x_hat = (x - mean) / np.sqrt(var + eps)
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (x, x_hat, mean, var, gamma)
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, x_hat, mean, var, gamma = cache
    N = x.shape[0]
    std = np.sqrt(var)
    xc = x - mean

    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dxc = dx_hat / std
    dstd = -np.sum(dx_hat * xc, axis=0) / std ** 2
    dvar = dstd / (2 * std)
    dxc += 2 * xc * dvar / N
    dx = dxc - np.mean(dxc, axis=0)
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x, x_hat, mean, var, gamma = cache
    N = x.shape[0]
    std = np.sqrt(var)
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx = gamma / (N * std) * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
