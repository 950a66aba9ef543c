"""Layer norm whose row mean and variance are taken with axis=1 but without keepdims, so they have shape (N,) and x - mean broadcasts them along the feature axis (mean[j] is subtracted from column j): with N != D (the usual case, e.g. N = 12, D = 7) the forward raises "operands could not be broadcast together", with N == D it silently computes nonsense (and with N = 1 it happens to be right); the backward has the same missing keepdims. Correct form: keepdims=True or reshape(N, 1), as the Ba, Kiros & Hinton (2016) per-example statistics require."""
FILE = "deeplearning/layers.py"
EXPECT = {"layernorm": "broadcast"}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    mean = np.mean(x, axis=1)
    var = np.var(x, axis=1)
    std = np.sqrt(var + eps)
    x_hat = (x - mean) / std
    out = gamma * x_hat + beta
    cache = (x_hat, std, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    x_hat, std, gamma = cache
    D = x_hat.shape[1]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx_hat = dout * gamma
    dx = (D * dx_hat - np.sum(dx_hat, axis=1) - x_hat * np.sum(dx_hat * x_hat, axis=1)) / (D * std)
    return dx, dgamma, dbeta
