"""Batch norm with the given line changed to eps = bn_param.get("eps", 1e-8), the epsilon a student has just used for RMSProp and Adam (Kingma and Ba's default) and keeps for every "small constant", inside the square root as the docstring says: x_hat = (x - mean) / sqrt(var + eps), the Ioffe and Szegedy Algorithm 1 form, with running averages and test mode as documented and the textbook backward passes (node by node through var and 1 / std, and the one-line form) on the cached x_hat, x - mean and 1 / std. The docstring's default is 1e-5; a smaller eps still keeps 1 / std finite for a constant feature and moves the output by less than the docstring's own eps does (at most about 1e-5 / (2 var) relative, the size of the accepted gap between eps inside and outside the root); with eps given in bn_param the output is the docstring's. Difference from the docstring: default eps 1e-8 instead of 1e-5; no visible change in behaviour."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-8)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        batch_mean = np.mean(x, axis=0)
        x_centered = x - batch_mean
        batch_var = np.mean(x_centered ** 2, axis=0)
        inv_std = 1.0 / np.sqrt(batch_var + eps)
        x_hat = x_centered * inv_std
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * batch_mean
        running_var = momentum * running_var + (1 - momentum) * batch_var
        cache = (x_hat, gamma, x_centered, inv_std)
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x_hat, gamma, x_centered, inv_std = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dinv_std = np.sum(dx_hat * x_centered, axis=0)
    dvar = dinv_std * -0.5 * inv_std ** 3
    dx_centered = dx_hat * inv_std + dvar * 2.0 * x_centered / N
    dmean = -np.sum(dx_centered, axis=0)
    dx = dx_centered + dmean / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, _, inv_std = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx = (gamma * inv_std / N) * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
