"""Layer norm whose forward pass takes the normalized values out of its own batch norm's cache: layernorm_forward calls the student's batchnorm_forward on x.T in train mode (any gamma and beta would do; it passes ones and zeros), discards the batch norm's output and reads x_hat from the returned dict cache (bn_cache["x_hat"].T), then scales and shifts it itself; layernorm_backward calls the student's batchnorm_backward on (dout * gamma).T with the same dict, as in the transposed-batch-norm answers on the cs231n forums. The batch norm keeps {"x_hat", "inv_std", "gamma"} and its node-by-node backward goes through var with x - mean recovered as x_hat / inv_std. Difference from the docstring: none in behaviour; the layer norm's forward (not only its backward) depends on the layout of the batch-norm cache."""
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
        mean = np.mean(x, axis=0)
        var = np.var(x, axis=0)
        inv_std = 1.0 / np.sqrt(var + eps)
        x_hat = (x - mean) * inv_std
        out = gamma * x_hat + beta
        cache = {"x_hat": x_hat, "inv_std": inv_std, "gamma": gamma}
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == "test":
        out = gamma * ((x - running_mean) / np.sqrt(running_var + eps)) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x_hat, inv_std, gamma = cache["x_hat"], cache["inv_std"], cache["gamma"]
    N = dout.shape[0]
    centered = x_hat / inv_std
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dvar = np.sum(dx_hat * centered, axis=0) * -0.5 * inv_std ** 3
    dcentered = dx_hat * inv_std + dvar * 2.0 * centered / N
    dx = dcentered - np.sum(dcentered, axis=0) / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x_hat, inv_std, gamma = cache["x_hat"], cache["inv_std"], cache["gamma"]
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx = gamma * inv_std / N * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    out, cache = None, None
    N = x.shape[0]
    _, bn_cache = batchnorm_forward(x.T, np.ones(N, dtype=x.dtype), np.zeros(N, dtype=x.dtype),
                                    {"mode": "train", "eps": eps})
    x_hat = bn_cache["x_hat"].T
    out = x_hat * gamma + beta
    cache = (bn_cache, x_hat, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    bn_cache, x_hat, gamma = cache
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_t, _, _ = batchnorm_backward((dout * gamma).T, bn_cache)
    return dx_t.T, dgamma, dbeta
