"""Batch norm that computes its statistics with a float64 accumulator, np.mean(x, axis=0, dtype=np.float64) and np.var(..., dtype=np.float64) (the numpy.mean docs: for float input "the mean is computed using the same precision the input has ... especially for float32 ... Specifying a higher-accuracy accumulator using the dtype keyword can alleviate this issue"), normalizes in float64 and casts the output back to x.dtype, so a float32 layer stays float32 even with float64 gamma / beta; the running averages keep the dtype they were created with (x.dtype by default). The backward passes (graph and compact, on a float64 cache) return dx, dgamma, dbeta in dout's dtype. Formulas are the release docstring's (biased variance, eps inside the square root). Difference from the docstring: float32 results are rounded from float64 values, not computed in float32 (differences at float32 rounding level)."""
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
    x64 = x.astype(np.float64)
    g64 = np.asarray(gamma, dtype=np.float64)
    b64 = np.asarray(beta, dtype=np.float64)
    if mode == "train":
        mean = np.mean(x64, axis=0, dtype=np.float64)
        var = np.var(x64, axis=0, dtype=np.float64)
        xc = x64 - mean
        inv_std = 1.0 / np.sqrt(var + eps)
        x_hat = xc * inv_std
        out = (g64 * x_hat + b64).astype(x.dtype)

        new_mean = momentum * np.asarray(running_mean, dtype=np.float64) + (1 - momentum) * mean
        new_var = momentum * np.asarray(running_var, dtype=np.float64) + (1 - momentum) * var
        running_mean = new_mean.astype(np.asarray(running_mean).dtype)
        running_var = new_var.astype(np.asarray(running_var).dtype)
        cache = (x_hat, g64, xc, inv_std)
    elif mode == "test":
        rm = np.asarray(running_mean, dtype=np.float64)
        rv = np.asarray(running_var, dtype=np.float64)
        out = (g64 * (x64 - rm) / np.sqrt(rv + eps) + b64).astype(x.dtype)
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x_hat, gamma, xc, inv_std = cache
    d = dout.astype(np.float64)
    N = d.shape[0]
    dbeta = d.sum(axis=0)
    dgamma = (d * x_hat).sum(axis=0)
    dx_hat = d * gamma
    # x_hat = xc * inv_std
    dxc = dx_hat * inv_std
    dinv_std = (dx_hat * xc).sum(axis=0)
    # inv_std = (var + eps) ** -0.5
    dvar = -0.5 * inv_std ** 3 * dinv_std
    # var = mean(xc ** 2)
    dxc += 2.0 * xc * dvar / N
    # xc = x - mean(x)
    dx = dxc - dxc.mean(axis=0)
    return dx.astype(dout.dtype), dgamma.astype(dout.dtype), dbeta.astype(dout.dtype)


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, _, inv_std = cache
    d = dout.astype(np.float64)
    N = d.shape[0]
    dbeta = d.sum(axis=0)
    dgamma = (d * x_hat).sum(axis=0)
    dx = gamma * inv_std / N * (N * d - dbeta - x_hat * dgamma)
    return dx.astype(dout.dtype), dgamma.astype(dout.dtype), dbeta.astype(dout.dtype)
