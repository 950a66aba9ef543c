"""Bug: the training forward computes the variance as sum((x - mu)^2) / (N - 1), the unbiased sample variance (Bessel's correction), and normalizes with it, where Ioffe & Szegedy's Algorithm 1 and the release docstring use the biased minibatch variance (1/m; PyTorch's BatchNorm1d docs: "At train time in the forward pass, the variance is calculated via the biased estimator"). Otherwise Kratzert-style step-by-step code, and the backward passes are the exact derivative of this forward (1/(N - 1) where the variance is differentiated), so the one bug is the normalization: x_hat has standard deviation sqrt((N - 1) / N) instead of 1, and the running variance is N / (N - 1) too large."""
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
        N = x.shape[0]
        mu = 1.0 / N * np.sum(x, axis=0)
        xmu = x - mu
        sq = xmu ** 2
        var = 1.0 / (N - 1) * np.sum(sq, axis=0)  # sample variance
        sqrtvar = np.sqrt(var + eps)
        ivar = 1.0 / sqrtvar
        xhat = xmu * ivar
        out = gamma * xhat + beta

        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (xhat, gamma, xmu, ivar, sqrtvar)
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    xhat, gamma, xmu, ivar, sqrtvar = cache
    N, D = dout.shape
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar
    dsqrtvar = -1.0 / sqrtvar ** 2 * divar
    dvar = 0.5 / sqrtvar * dsqrtvar
    dsq = 1.0 / (N - 1) * np.ones_like(dout) * dvar
    dxmu2 = 2 * xmu * dsq
    dmu = -np.sum(dxmu1 + dxmu2, axis=0)
    dx = dxmu1 + dxmu2 + 1.0 / N * np.ones_like(dout) * dmu
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    xhat, gamma, xmu, ivar, sqrtvar = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    g = dout * gamma
    dx = ivar * (g - g.mean(axis=0) - xhat * (g * xhat).sum(axis=0) / (N - 1))
    return dx, dgamma, dbeta
