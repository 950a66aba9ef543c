"""Batch norm as the step-by-step computational graph of Frederik Kratzert's blog post "Understanding the backward pass through Batch Normalization Layer" (steps 1-9 forward: mu, xmu, sq, var, sqrtvar = sqrt(var + eps), ivar, xhat, gammax, out; backward from step 9 down to step 0, with the 1/N * ones((N, D)) * dvar and dmu spreads, written np.ones_like(dout) so a float32 layer stays float32), here with every per-feature node kept as a (1, D) row (keepdims=True, as in the k78ma.github.io "BatchNorm Backprop" notes) and the parameter gradients reduced back to shape (D,). batchnorm_backward_alt is the simplified expression dx = ivar / N * (N * dxhat - sum(dxhat) - xhat * sum(dxhat * xhat)) on the same cache. Running averages and test mode as in the release docstring, stored with shape (D,). No difference from the docstring."""
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
        # step 1: mean of every feature
        mu = 1.0 / N * np.sum(x, axis=0, keepdims=True)
        # step 2: subtract it from every example
        xmu = x - mu
        # step 3: square (lower branch)
        sq = xmu ** 2
        # step 4: variance
        var = 1.0 / N * np.sum(sq, axis=0, keepdims=True)
        # step 5: add eps, take the root
        sqrtvar = np.sqrt(var + eps)
        # step 6: invert
        ivar = 1.0 / sqrtvar
        # step 7: normalize
        xhat = xmu * ivar
        # step 8: scale
        gammax = gamma * xhat
        # step 9: shift
        out = gammax + beta

        running_mean = momentum * running_mean + (1 - momentum) * mu[0]
        running_var = momentum * running_var + (1 - momentum) * var[0]
        cache = (xhat, gamma, xmu, ivar, sqrtvar, var, eps)
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    xhat, gamma, xmu, ivar, sqrtvar, var, eps = cache
    N, D = dout.shape

    # step 9
    dbeta = np.sum(dout, axis=0)
    dgammax = dout
    # step 8
    dgamma = np.sum(dgammax * xhat, axis=0)
    dxhat = dgammax * gamma
    # step 7
    divar = np.sum(dxhat * xmu, axis=0, keepdims=True)
    dxmu1 = dxhat * ivar
    # step 6
    dsqrtvar = -1.0 / (sqrtvar ** 2) * divar
    # step 5
    dvar = 0.5 * 1.0 / np.sqrt(var + eps) * dsqrtvar
    # step 4
    dsq = 1.0 / N * np.ones_like(dout) * dvar
    # step 3
    dxmu2 = 2 * xmu * dsq
    # step 2
    dx1 = dxmu1 + dxmu2
    dmu = -1 * np.sum(dxmu1 + dxmu2, axis=0, keepdims=True)
    # step 1
    dx2 = 1.0 / N * np.ones_like(dout) * dmu
    # step 0
    dx = dx1 + dx2
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    xhat, gamma, xmu, ivar, sqrtvar, var, eps = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    dx = ivar / N * (N * dxhat - np.sum(dxhat, axis=0, keepdims=True)
                     - xhat * np.sum(dxhat * xhat, axis=0, keepdims=True))
    return dx, dgamma, dbeta
