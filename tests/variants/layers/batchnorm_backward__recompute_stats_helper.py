"""Batch norm that keeps only the inputs in a dict cache, {"x": x, "gamma": gamma, "eps": eps}, and recomputes the statistics in both backward passes through one helper, _bn_statistics(x, eps) -> (mean, x - mean, var, 1 / std, x_hat), shared with the forward pass (the trade-off the torch.utils.checkpoint docs describe: "Rather than storing all intermediate activations ... the checkpointed part does not save intermediate activations, and instead recomputes them in backward pass", here for one layer). batchnorm_backward then walks back through x_hat = xc * inv_std, inv_std = (var + eps)^-1/2, var = mean(xc^2), xc = x - mean; batchnorm_backward_alt uses the compact dx = inv_std * (g - mean(g) - x_hat * mean(g * x_hat)), g = gamma * dout. Running averages and test mode as in the release docstring. No difference from the docstring."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def _bn_statistics(x, eps):
    mean = x.mean(axis=0)
    xc = x - mean
    var = (xc * xc).mean(axis=0)
    inv_std = 1.0 / np.sqrt(var + eps)
    return mean, xc, var, inv_std, xc * inv_std


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        mean, _, var, _, x_hat = _bn_statistics(x, eps)
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var
        cache = {"x": x, "gamma": gamma, "eps": eps}
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x, gamma, eps = cache["x"], cache["gamma"], cache["eps"]
    N = x.shape[0]
    _, xc, var, inv_std, x_hat = _bn_statistics(x, eps)

    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    # x_hat = xc * inv_std
    dxc = dx_hat * inv_std
    dinv_std = (dx_hat * xc).sum(axis=0)
    # inv_std = (var + eps) ** -0.5
    dvar = dinv_std * -0.5 * (var + eps) ** -1.5
    # var = sum(xc ** 2) / N
    dxc = dxc + dvar * 2.0 * xc / N
    # xc = x - mean, mean = sum(x) / N
    dmean = -dxc.sum(axis=0)
    dx = dxc + dmean / N
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x, gamma, eps = cache["x"], cache["gamma"], cache["eps"]
    _, _, _, inv_std, x_hat = _bn_statistics(x, eps)
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    g = dout * gamma
    dx = inv_std * (g - g.mean(axis=0) - x_hat * (g * x_hat).mean(axis=0))
    return dx, dgamma, dbeta
