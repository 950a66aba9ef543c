"""Batch norm with eps added to the standard deviation instead of the variance, x_hat = (x - mean) / (np.std(x, axis=0) + eps), in training and (with sqrt(running_var) + eps) in test mode: the form of many student and blog implementations and of the tf.keras.backend.batch_normalization docs ("output = (x - mean) / (sqrt(var) + epsilon) * gamma + beta"). The backward passes are the exact derivative of this forward (nodes mean, centered, var, std, std + eps, 1 / (std + eps), x_hat; the compact form dx = (g - mean(g) - (std + eps) / std * x_hat * mean(g * x_hat)) / (std + eps) with g = gamma * dout), with the std = 0 case (N = 1 or a constant feature, where x_hat = 0) guarded. Difference from the docstring: eps outside the square root, a relative change of about eps / (2 var) for moderate variances."""
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
        std = np.std(x, axis=0)
        centered = x - mean
        denom = std + eps
        x_norm = centered / denom
        out = gamma * x_norm + beta

        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * std ** 2
        cache = {"x_norm": x_norm, "centered": centered, "std": std, "denom": denom, "gamma": gamma}
    elif mode == "test":
        out = gamma * (x - running_mean) / (np.sqrt(running_var) + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x_norm, centered, std = cache["x_norm"], cache["centered"], cache["std"]
    denom, gamma = cache["denom"], cache["gamma"]
    N = dout.shape[0]

    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_norm, axis=0)
    dx_norm = dout * gamma

    # x_norm = centered * inv_denom
    inv_denom = 1.0 / denom
    dcentered = dx_norm * inv_denom
    dinv_denom = np.sum(dx_norm * centered, axis=0)
    # inv_denom = 1 / denom, denom = std + eps
    ddenom = -dinv_denom / denom ** 2
    dstd = ddenom
    # std = sqrt(var); when std == 0 every centered value is 0 and so is dstd
    dvar = np.divide(dstd, 2 * std, out=np.zeros_like(dstd), where=std > 0)
    # var = mean(centered ** 2)
    dcentered = dcentered + 2 * centered * dvar / N
    # centered = x - mean(x)
    dx = dcentered - np.mean(dcentered, axis=0)
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x_norm, std, denom, gamma = cache["x_norm"], cache["std"], cache["denom"], cache["gamma"]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_norm).sum(axis=0)
    g = dout * gamma
    ratio = np.divide(denom, std, out=np.zeros_like(std), where=std > 0)
    dx = (g - g.mean(axis=0) - ratio * x_norm * (g * x_norm).mean(axis=0)) / denom
    return dx, dgamma, dbeta
