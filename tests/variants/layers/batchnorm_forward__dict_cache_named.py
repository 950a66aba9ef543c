"""Batch norm whose training forward stores a dict cache keyed by meaning ("x_hat", "gamma", "x_centered", "var", "eps", "N") instead of a tuple, with both backward passes reading that dict: batchnorm_backward goes node by node with the chain rule of Ioffe & Szegedy (2015, section 3: dl/dsigma2 = sum dl/dx_hat * (x - mu) * -1/2 (sigma2 + eps)^-3/2, dl/dmu = sum dl/dx_hat * -1/sqrt(sigma2 + eps) + dl/dsigma2 * sum(-2 (x - mu)) / m, dl/dx = dl/dx_hat / sqrt(sigma2 + eps) + dl/dsigma2 * 2 (x - mu) / m + dl/dmu / m), batchnorm_backward_alt uses the simplified dx = inv_std * (g - mean(g) - x_hat * mean(g * x_hat)) with g = gamma * dout. Running averages and test mode as in the release docstring. No difference from the docstring (the cache layout is the student's own, which the docstring allows)."""
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
        N = x.shape[0]
        mu = x.mean(axis=0)
        x_centered = x - mu
        var = (x_centered ** 2).mean(axis=0)
        x_hat = x_centered / np.sqrt(var + eps)
        out = gamma * x_hat + beta

        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = {"x_hat": x_hat, "gamma": gamma, "x_centered": x_centered, "var": var, "eps": eps, "N": N}
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x_hat, gamma, xc = cache["x_hat"], cache["gamma"], cache["x_centered"]
    var, eps, N = cache["var"], cache["eps"], cache["N"]

    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dvar = np.sum(dx_hat * xc, axis=0) * -0.5 * (var + eps) ** -1.5
    dmu = np.sum(-dx_hat / np.sqrt(var + eps), axis=0) + dvar * np.sum(-2.0 * xc, axis=0) / N
    dx = dx_hat / np.sqrt(var + eps) + dvar * 2.0 * xc / N + dmu / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma = cache["x_hat"], cache["gamma"]
    inv_std = 1.0 / np.sqrt(cache["var"] + cache["eps"])
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    g = dout * gamma
    dx = inv_std * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))
    return dx, dgamma, dbeta
