"""Layer norm written from Ba, Kiros & Hinton (2016), "Layer Normalization", eq. (3): the statistics of one training case are taken over the H hidden units of the layer, mu = (1/H) sum_i a_i and sigma = sqrt((1/H) sum_i (a_i - mu)^2), shared by all units of that case, then h = g / sigma * (a - mu) + b with a per-unit gain g (gamma) and bias b (beta) applied after the normalization (paper's abstract and sec. 3; the paper writes no eps, this student puts eps under the square root as the TODO says, so sigma = sqrt(var + eps)); the backward goes through the two shared statistics, dsigma = -sum(d_abar * a_bar) / sigma and the centering term -sum(d_abar) / (H sigma). No difference from the docstring."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    a = x  # summed inputs of the layer, one training case per row
    H = a.shape[1]  # number of hidden units
    mu = np.sum(a, axis=1, keepdims=True) / H
    sigma = np.sqrt(np.sum((a - mu) ** 2, axis=1, keepdims=True) / H + eps)
    a_bar = (a - mu) / sigma
    out = gamma * a_bar + beta  # gain g and bias b, one per hidden unit
    cache = (a_bar, sigma, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    a_bar, sigma, g = cache
    H = a_bar.shape[1]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * a_bar, axis=0)
    d_abar = dout * g
    # sigma and mu are shared by all H units of a case: collect their gradients per row
    dsigma = -np.sum(d_abar * a_bar, axis=1, keepdims=True) / sigma
    dmu = -np.sum(d_abar, axis=1, keepdims=True) / sigma
    # d sigma / d a_i = (a_i - mu) / (H sigma) = a_bar_i / H ; d mu / d a_i = 1 / H
    dx = d_abar / sigma + dsigma * a_bar / H + dmu / H
    return dx, dgamma, dbeta
