"""Layer norm that never calls batchnorm_forward but builds, by hand, a cache in this student's own batch-norm layout (a dict with the nodes of the computational graph of Kratzert's blog post "Understanding the backward pass through Batch Normalization Layer", 2016: xhat, gamma, xmu, ivar, sqrtvar, var, eps) filled with the transposed per-row arrays and gamma = ones(N), then calls its own batchnorm_backward with it on (dout * gamma).T (a pattern seen in several real submissions); the file is a complete student implementation of batch normalization in that dict layout (forward train/test with the running averages of the release docstring, node-by-node backward, simplified backward_alt) plus the layer norm using it. Difference from the docstring: none in behaviour; the batch-norm cache is a dict instead of the tuple the TODO suggests."""
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
        mu = np.sum(x, axis=0) / N
        xmu = x - mu
        var = np.sum(xmu ** 2, axis=0) / N
        sqrtvar = np.sqrt(var + eps)
        ivar = 1.0 / sqrtvar
        xhat = xmu * ivar
        out = gamma * xhat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = {"xhat": xhat, "gamma": gamma, "xmu": xmu, "ivar": ivar,
                 "sqrtvar": sqrtvar, "var": var, "eps": eps}
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    xhat, gamma, xmu = cache["xhat"], cache["gamma"], cache["xmu"]
    ivar, sqrtvar, var, eps = cache["ivar"], cache["sqrtvar"], cache["var"], cache["eps"]
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxhat = dout * gamma
    divar = np.sum(dxhat * xmu, axis=0)
    dxmu1 = dxhat * ivar
    dsqrtvar = -divar / sqrtvar ** 2
    dvar = 0.5 * dsqrtvar / np.sqrt(var + eps)
    dsq = dvar * np.ones_like(dout) / N
    dxmu2 = 2 * xmu * dsq
    dx1 = dxmu1 + dxmu2
    dmu = -np.sum(dx1, axis=0)
    dx2 = dmu * np.ones_like(dout) / N
    dx = dx1 + dx2
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    xhat, gamma, ivar = cache["xhat"], cache["gamma"], cache["ivar"]
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xhat).sum(axis=0)
    dx = (gamma * ivar / N) * (N * dout - dbeta - xhat * dgamma)
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    N, D = x.shape
    mu = np.sum(x, axis=1, keepdims=True) / D
    xmu = x - mu
    var = np.sum(xmu ** 2, axis=1) / D
    sqrtvar = np.sqrt(var + eps)
    ivar = 1.0 / sqrtvar
    xhat = xmu * ivar[:, np.newaxis]
    out = gamma * xhat + beta
    # the same nodes batchnorm_forward would have stored for x.T (gamma = 1)
    bn_cache = {"xhat": xhat.T, "gamma": np.ones(N, dtype=x.dtype), "xmu": xmu.T, "ivar": ivar,
                "sqrtvar": sqrtvar, "var": var, "eps": eps}
    cache = (bn_cache, xhat, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    bn_cache, xhat, gamma = cache
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * xhat, axis=0)
    dxt, _, _ = batchnorm_backward((dout * gamma).T, bn_cache)
    return dxt.T, dgamma, dbeta
