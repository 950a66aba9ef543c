"""Layer norm over the student's own batch norm with a dict cache, the case of issue 28: layernorm_forward runs this file's batchnorm_forward on x.T in train mode (gamma = ones(N), beta = zeros(N), a throw-away bn_param carrying only mode and eps), as the TODO's hint says, and layernorm_backward never calls batchnorm_backward but reads that call's cache by key (cache['x'], cache['mean'], cache['var'], cache['eps'], as dict caches with named entries are written in many forum answers and in the Kratzert-style tutorials) to rebuild x_hat and 1 / std per example and apply the compact formula along the features. The batch norm itself keeps {'x', 'x_hat', 'mean', 'var', 'std', 'gamma', 'eps'}, its node-by-node backward reads the same keys, and its simplified backward is the one-line formula on x_hat and 1 / std. Difference from the docstring: none in behaviour; the batch-norm cache is a dict, and the layer norm depends on that dict's keys (a batch norm whose cache is laid out otherwise cannot serve this layernorm_backward)."""
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
        sample_mean = x.mean(axis=0)
        sample_var = x.var(axis=0)
        std = np.sqrt(sample_var + eps)
        x_hat = (x - sample_mean) / std
        out = gamma * x_hat + beta
        cache = {"x": x, "x_hat": x_hat, "mean": sample_mean, "var": sample_var, "std": std,
                 "gamma": gamma, "eps": eps}
        running_mean = momentum * running_mean + (1 - momentum) * sample_mean
        running_var = momentum * running_var + (1 - momentum) * sample_var
    elif mode == "test":
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * x_hat + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, mean, var, eps = cache["x"], cache["mean"], cache["var"], cache["eps"]
    gamma, x_hat, std = cache["gamma"], cache["x_hat"], cache["std"]
    N = x.shape[0]

    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    # x_hat = (x - mean) * (var + eps) ** -0.5
    dvar = np.sum(dx_hat * (x - mean), axis=0) * -0.5 * (var + eps) ** -1.5
    dmean = -np.sum(dx_hat, axis=0) / std + dvar * np.mean(-2.0 * (x - mean), axis=0)
    dx = dx_hat / std + dvar * 2.0 * (x - mean) / N + dmean / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, std = cache["x_hat"], cache["gamma"], cache["std"]
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = gamma / (N * std) * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    out, cache = None, None
    N = x.shape[0]
    # batch norm of the transpose normalizes every example over its features
    normed_t, bn_cache = batchnorm_forward(x.T, np.ones(N, dtype=x.dtype), np.zeros(N, dtype=x.dtype),
                                           {"mode": "train", "eps": eps})
    out = gamma * normed_t.T + beta
    cache = {"bn": bn_cache, "gamma": gamma}
    return out, cache


def layernorm_backward(dout, cache):
    bn, gamma = cache["bn"], cache["gamma"]
    # the batch-norm cache describes x.T: one column per example
    inv_std = 1.0 / np.sqrt(bn["var"] + bn["eps"])            # (N,)
    x_hat = ((bn["x"] - bn["mean"]) * inv_std).T              # (N, D)
    D = dout.shape[1]

    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    g = dout * gamma
    dx = (D * g - g.sum(axis=1, keepdims=True) - x_hat * (g * x_hat).sum(axis=1, keepdims=True)) \
        * inv_std[:, None] / D
    return dx, dgamma, dbeta
