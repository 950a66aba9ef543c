"""Layer norm over the student's own batch norm with a positional tuple cache in the student's own order (x_hat, xmu, var, eps, gamma), the layout of Kratzert's step-by-step batch-norm post ("Understanding the backward pass through Batch Normalization Layer", 2016) trimmed to what the backward needs: layernorm_forward calls batchnorm_forward on x.T in train mode with gamma = ones(N), beta = zeros(N), and layernorm_backward unpacks that cache positionally (x_hat_t, xmu_t, var, eps, _ = bn_cache) and redoes the node-by-node backward of the batch-norm graph itself on the transposed arrays (sums over axis 0 of the (D, N) transposes), then transposes dx back; dgamma and dbeta of the layer are sums over the examples. Difference from the docstring: none in behaviour; the layer norm needs the batch-norm cache in exactly this order."""
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
        mu = 1.0 / N * np.sum(x, axis=0)
        xmu = x - mu
        var = 1.0 / N * np.sum(xmu ** 2, axis=0)
        x_hat = xmu / np.sqrt(var + eps)
        out = gamma * x_hat + beta
        cache = (x_hat, xmu, var, eps, gamma)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x_hat, xmu, var, eps, gamma = cache
    N = dout.shape[0]
    sqrtvar = np.sqrt(var + eps)
    ivar = 1.0 / sqrtvar

    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dxhat = dout * gamma
    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar
    dsqrtvar = -1.0 / sqrtvar ** 2 * divar
    dvar = 0.5 / sqrtvar * dsqrtvar
    dsq = np.ones_like(dout) * dvar / N
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -np.sum(dx1, axis=0)
    dx = dx1 + np.ones_like(dout) * dmu / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x_hat, _, var, eps, gamma = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx = (gamma / (N * np.sqrt(var + eps))) * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    out, cache = None, None
    N = x.shape[0]
    x_hat_t, bn_cache = batchnorm_forward(x.T, np.ones(N, dtype=x.dtype), np.zeros(N, dtype=x.dtype),
                                          {"mode": "train", "eps": eps})
    x_hat = x_hat_t.T
    out = gamma * x_hat + beta
    cache = (bn_cache, x_hat, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    bn_cache, x_hat, gamma = cache
    x_hat_t, xmu_t, var, eps, _ = bn_cache   # transposed: (D, N), one column per example
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)

    D = x_hat_t.shape[0]
    dxhat_t = (dout * gamma).T
    sqrtvar = np.sqrt(var + eps)
    divar = np.sum(dxhat_t * xmu_t, axis=0)
    dxmu1 = dxhat_t / sqrtvar
    dvar = -0.5 * divar / sqrtvar ** 3
    dxmu2 = 2 * xmu_t * dvar / D
    dx1 = dxmu1 + dxmu2
    dmu = -np.sum(dx1, axis=0)
    dx_t = dx1 + dmu / D
    return dx_t.T, dgamma, dbeta
