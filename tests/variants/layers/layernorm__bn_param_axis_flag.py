"""Layer norm as the student's own batch norm told which axis to normalize: batchnorm_forward reads two extra keys of bn_param, axis (default 0, the batch) and layernorm (default False; when True the running averages are neither read nor written), computes the statistics with keepdims=True along that axis, and stores the axis in its cache; layernorm_forward calls it on x itself, without transposing, as batchnorm_forward(x, gamma, beta, {"mode": "train", "layernorm": True, "axis": 1, "eps": eps}), and layernorm_backward is batchnorm_backward_alt(dout, cache), whose means run along the cached axis while dgamma and dbeta are always sums over the examples. The axis argument follows Keras' BatchNormalization / LayerNormalization ("axis: Integer, the axis that should be normalized"), the layernorm flag the cs231n forum answers that let batchnorm_forward skip the running averages for layer norm. Difference from the docstring: batchnorm_forward accepts two keys the docstring does not list (the net's bn_params never contain them, so batch norm behaves as documented); layer norm depends on them."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    axis = bn_param.get("axis", 0)
    layernorm = bn_param.get("layernorm", False)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train" or layernorm:
        mean = x.mean(axis=axis, keepdims=True)
        var = x.var(axis=axis, keepdims=True)
        inv_std = 1.0 / np.sqrt(var + eps)
        x_hat = (x - mean) * inv_std
        out = gamma * x_hat + beta
        cache = (x_hat, x - mean, inv_std, gamma, axis)
        if not layernorm:
            running_mean = momentum * running_mean + (1 - momentum) * mean.reshape(D)
            running_var = momentum * running_var + (1 - momentum) * var.reshape(D)
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    if not layernorm:
        bn_param["running_mean"] = running_mean
        bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x_hat, centered, inv_std, gamma, axis = cache
    n = dout.shape[axis]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    # through x_hat = centered * inv_std, inv_std = (var + eps) ** -0.5, var = mean(centered ** 2)
    dinv_std = (dx_hat * centered).sum(axis=axis, keepdims=True)
    dvar = -0.5 * inv_std ** 3 * dinv_std
    dcentered = dx_hat * inv_std + dvar * 2.0 * centered / n
    dx = dcentered - dcentered.mean(axis=axis, keepdims=True)
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x_hat, _, inv_std, gamma, axis = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    g = dout * gamma
    dx = inv_std * (g - g.mean(axis=axis, keepdims=True)
                    - x_hat * (g * x_hat).mean(axis=axis, keepdims=True))
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    out, cache = None, None
    out, cache = batchnorm_forward(x, gamma, beta, {"mode": "train", "layernorm": True, "axis": 1, "eps": eps})
    return out, cache


def layernorm_backward(dout, cache):
    dx, dgamma, dbeta = None, None, None
    dx, dgamma, dbeta = batchnorm_backward_alt(dout, cache)
    return dx, dgamma, dbeta
