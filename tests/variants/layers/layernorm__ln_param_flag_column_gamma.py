"""Layer norm in the form many cs231n submissions of the 2019+ template took: layernorm_forward marks its own ln_param (ln_param["mode"] = "train", ln_param["layernorm"] = True, so the dict the net passes in keeps these keys) and hands it as bn_param to the student's batchnorm_forward on x.T, with gamma and beta reshaped to columns (D, 1) so they scale and shift the rows of x.T, i.e. the features; the student's batchnorm_forward skips the running averages when it sees the layernorm key and puts the flag in its cache, and batchnorm_backward_alt, called by layernorm_backward on dout.T, sums dgamma and dbeta over axis 1 (the examples of x.T) when the cached flag is set and over axis 0 otherwise. Difference from the docstring: ln_param gains the keys mode and layernorm; batchnorm_forward accepts a key the docstring does not list and gamma, beta of shape (D, 1) when called by the layer norm; the layer norm depends on both and on the flag in the batch-norm cache."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    layernorm = bn_param.get("layernorm", False)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        mu = np.mean(x, axis=0)
        xc = x - mu
        var = np.mean(xc ** 2, axis=0)
        std = np.sqrt(var + eps)
        x_hat = xc / std
        out = gamma * x_hat + beta
        cache = (x_hat, gamma, std, layernorm)
        if not layernorm:  # layer norm keeps no running averages
            running_mean = momentum * running_mean + (1 - momentum) * mu
            running_var = momentum * running_var + (1 - momentum) * var
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    if not layernorm:
        bn_param["running_mean"] = running_mean
        bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x_hat, gamma, std, layernorm = cache
    N = dout.shape[0]
    param_axis = 1 if layernorm else 0
    dbeta = dout.sum(axis=param_axis)
    dgamma = (dout * x_hat).sum(axis=param_axis)
    dx_hat = dout * gamma
    # x_hat = xc / std with xc = x - mu and std = sqrt(mean(xc ** 2) + eps); xc = x_hat * std
    dstd = -np.sum(dx_hat * x_hat, axis=0) / std
    dvar = dstd / (2 * std)
    dxc = dx_hat / std + 2 * (x_hat * std) * dvar / N
    dx = dxc - np.mean(dxc, axis=0)
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, std, layernorm = cache
    N = dout.shape[0]
    param_axis = 1 if layernorm else 0
    dbeta = dout.sum(axis=param_axis)
    dgamma = (dout * x_hat).sum(axis=param_axis)
    g = dout * gamma
    dx = (N * g - g.sum(axis=0) - x_hat * (g * x_hat).sum(axis=0)) / (N * std)
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    out, cache = None, None
    ln_param["mode"] = "train"   # same computation at train and test time
    ln_param["layernorm"] = True
    out_t, cache = batchnorm_forward(x.T, gamma.reshape(-1, 1), beta.reshape(-1, 1), ln_param)
    out = out_t.T
    return out, cache


def layernorm_backward(dout, cache):
    dx, dgamma, dbeta = None, None, None
    dx_t, dgamma, dbeta = batchnorm_backward_alt(dout.T, cache)
    dx = dx_t.T
    return dx, dgamma, dbeta
