"""Bug in the batch norm only, under a layer norm built on it: batchnorm_forward normalizes with the unbiased variance, x.var(axis=0, ddof=1) (PyTorch's torch.var divides by N - 1 unless told unbiased=False, and the student translated from it), where the docstring asks for the biased one; the running averages, test mode and both backward passes (the textbook formula on the cached x_hat and 1 / std) are as documented on the statistics it cached. The layer norm is right: layernorm_forward runs this batchnorm_forward on x.T in train mode and keeps its dict cache, and layernorm_backward reads that cache by key (cache["x_hat"], cache["inv_std"]) and applies the per-row formula; with a correct batch norm underneath it is exactly right. Its output is off only through the batch norm's N - 1 (here D - 1), which is charged where it lives, in batchnorm_forward."""
FILE = "deeplearning/layers.py"
EXPECT = {"batchnorm_forward": "N - 1"}

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
        var = x.var(axis=0, ddof=1)
        inv_std = 1 / np.sqrt(var + eps)
        x_hat = (x - mean) * inv_std
        out = gamma * x_hat + beta
        cache = {"x_hat": x_hat, "inv_std": inv_std, "gamma": gamma}
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x_hat, inv_std, gamma = cache["x_hat"], cache["inv_std"], cache["gamma"]
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = inv_std / N * (N * dx_hat - dx_hat.sum(axis=0) - x_hat * (dx_hat * x_hat).sum(axis=0))
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x_hat, inv_std, gamma = cache["x_hat"], cache["inv_std"], cache["gamma"]
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = gamma * inv_std / N * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    out, cache = None, None
    N = x.shape[0]
    x_hat_t, bn_cache = batchnorm_forward(x.T, np.ones(N, dtype=x.dtype), np.zeros(N, dtype=x.dtype),
                                          {"mode": "train", "eps": eps})
    out = gamma * x_hat_t.T + beta
    cache = {"bn": bn_cache, "gamma": gamma}
    return out, cache


def layernorm_backward(dout, cache):
    bn = cache["bn"]
    x_hat = bn["x_hat"].T
    inv_std = bn["inv_std"][:, np.newaxis]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    g = dout * cache["gamma"]
    dx = inv_std * (g - g.mean(axis=1, keepdims=True) - x_hat * (g * x_hat).mean(axis=1, keepdims=True))
    return dx, dgamma, dbeta
