"""Layer norm forward split into the nodes of the batch-norm computational graph of Kratzert's blog post "Understanding the backward pass through Batch Normalization Layer" (2016: mu, xmu, sq, var, sqrtvar, ivar, xhat, gammax, out) with every reduction along axis 1 (the features of one example, Ba, Kiros & Hinton 2016) instead of axis 0, and a backward that walks the same nodes in reverse, one local derivative at a time (steps 9 to 0), keeping the sums for gamma and beta over axis 0. No difference from the docstring."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    N, D = x.shape
    # step 1: mean of every example
    mu = 1.0 / D * np.sum(x, axis=1, keepdims=True)
    # step 2: subtract it
    xmu = x - mu
    # step 3: square
    sq = xmu ** 2
    # step 4: variance of every example
    var = 1.0 / D * np.sum(sq, axis=1, keepdims=True)
    # step 5: add eps, square root
    sqrtvar = np.sqrt(var + eps)
    # step 6: invert
    ivar = 1.0 / sqrtvar
    # step 7: normalize
    xhat = xmu * ivar
    # step 8 and 9: scale and shift
    gammax = gamma * xhat
    out = gammax + beta
    cache = (xhat, gamma, xmu, ivar, sqrtvar, var, eps)
    return out, cache


def layernorm_backward(dout, cache):
    xhat, gamma, xmu, ivar, sqrtvar, var, eps = cache
    N, D = dout.shape
    # step 9
    dbeta = np.sum(dout, axis=0)
    dgammax = dout
    # step 8
    dgamma = np.sum(dgammax * xhat, axis=0)
    dxhat = dgammax * gamma
    # step 7
    divar = np.sum(dxhat * xmu, axis=1, keepdims=True)
    dxmu1 = dxhat * ivar
    # step 6
    dsqrtvar = -1.0 / (sqrtvar ** 2) * divar
    # step 5
    dvar = 0.5 * 1.0 / np.sqrt(var + eps) * dsqrtvar
    # step 4
    dsq = 1.0 / D * np.ones((N, D), dtype=dout.dtype) * dvar
    # step 3
    dxmu2 = 2 * xmu * dsq
    # step 2
    dx1 = dxmu1 + dxmu2
    dmu = -1 * np.sum(dx1, axis=1, keepdims=True)
    # step 1
    dx2 = 1.0 / D * np.ones((N, D), dtype=dout.dtype) * dmu
    # step 0
    dx = dx1 + dx2
    return dx, dgamma, dbeta
