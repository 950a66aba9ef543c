"""Batch norm backward passes that save temporaries by working in place, but only on arrays they have just created themselves: dx_hat = dout * gamma is a new array, and every later step (subtracting the column means, the x_hat term, scaling by 1 / std) is an in-place operation on it (-=, *=, np.multiply(..., out=)), the memory-saving style of the NumPy docs on in-place operators and of the "preallocate and reuse" advice in performance guides; dout and the cache are only read, so calling the passes again on the same cache and dout gives the same result. The forward is the docstring's (biased variance, eps inside the root) with the cache (x_hat, gamma, x - mean, 1 / std). Difference from the docstring: none."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def batchnorm_backward(dout, cache):
    x_hat, gamma, centered, inv_std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)

    grad = dout * gamma                     # dL/dx_hat, a fresh array
    dvar = (grad * centered).sum(axis=0)
    dvar *= -0.5 * inv_std ** 3             # dL/dvar
    grad *= inv_std                         # dL/dcentered through x_hat
    grad += (2.0 / N) * centered * dvar     # ... and through var
    grad -= grad.mean(axis=0)               # through the mean
    return grad, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, _, inv_std = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)

    dx = dout * gamma
    proj = (dx * x_hat).mean(axis=0)
    dx -= dx.mean(axis=0)
    dx -= x_hat * proj
    np.multiply(dx, inv_std, out=dx)
    return dx, dgamma, dbeta
