"""Layer norm over the student's own batch norm whose cache is an object with attributes (types.SimpleNamespace), in the style of PyTorch's "Extending torch.autograd" docs, where forward stashes what backward needs on a context object (ctx.save_for_backward, ctx.<name> = ...) and backward reads it back by attribute: batchnorm_forward returns SimpleNamespace(x_hat, xmu, inv_std, gamma), its two backward passes read c.x_hat, c.xmu, c.inv_std, c.gamma, and layernorm_forward calls it on x.T in train mode (gamma = ones(N), beta = zeros(N)) and keeps the namespace; layernorm_backward reads c.x_hat and c.inv_std of that namespace itself (the batch-norm formula with the sums taken over the features) instead of calling batchnorm_backward. Difference from the docstring: none in behaviour; the caches are objects, and the layer norm reads the batch norm's attributes."""
FILE = "deeplearning/layers.py"
EXPECT = {}

from types import SimpleNamespace

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
        mu = x.mean(axis=0)
        xmu = x - mu
        var = (xmu ** 2).mean(axis=0)
        inv_std = 1.0 / np.sqrt(var + eps)
        x_hat = xmu * inv_std
        out = gamma * x_hat + beta
        cache = SimpleNamespace(x_hat=x_hat, xmu=xmu, inv_std=inv_std, gamma=gamma)
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
    c = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * c.x_hat).sum(axis=0)
    dx_hat = dout * c.gamma
    # x_hat = xmu * inv_std, inv_std = (var + eps) ** -0.5, var = mean(xmu ** 2)
    dinv_std = (dx_hat * c.xmu).sum(axis=0)
    dvar = -0.5 * c.inv_std ** 3 * dinv_std
    dxmu = dx_hat * c.inv_std + 2.0 * c.xmu * dvar / N
    dx = dxmu - dxmu.mean(axis=0)
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    c = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * c.x_hat).sum(axis=0)
    g = dout * c.gamma
    dx = c.inv_std * (g - g.mean(axis=0) - c.x_hat * (g * c.x_hat).mean(axis=0))
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    out, cache = None, None
    N = x.shape[0]
    x_hat_t, bn = batchnorm_forward(x.T, np.ones(N, dtype=x.dtype), np.zeros(N, dtype=x.dtype),
                                    {"mode": "train", "eps": eps})
    out = gamma * x_hat_t.T + beta
    cache = SimpleNamespace(bn=bn, gamma=gamma)
    return out, cache


def layernorm_backward(dout, cache):
    bn = cache.bn
    x_hat = bn.x_hat.T          # (N, D)
    inv_std = bn.inv_std[:, None]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    g = dout * cache.gamma
    dx = inv_std * (g - g.mean(axis=1, keepdims=True) - x_hat * (g * x_hat).mean(axis=1, keepdims=True))
    return dx, dgamma, dbeta
