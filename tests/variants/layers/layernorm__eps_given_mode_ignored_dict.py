"""Layer norm that reads eps from ln_param when it is given (ln_param["eps"] if "eps" in ln_param, else 1e-5) and ignores any other key, in particular a 'mode' the net may put there, since layer norm computes the same thing at training and test time (Ba, Kiros & Hinton 2016: "layer normalization performs exactly the same computation at training and test times"; PyTorch nn.LayerNorm docs: "uses statistics computed from input data in both training and evaluation modes"); the cache is a dict with named entries and the backward is the compact formula written with the row means of dx_hat and dx_hat * x_hat. No difference from the docstring."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param["eps"] if "eps" in ln_param else 1e-5
    # ln_param.get("mode") is deliberately not looked at: same formula in train and test
    mean = x.mean(axis=1, keepdims=True)
    var = x.var(axis=1, keepdims=True)
    inv_std = 1.0 / np.sqrt(var + eps)
    x_hat = (x - mean) * inv_std
    out = gamma * x_hat + beta
    cache = {"x_hat": x_hat, "inv_std": inv_std, "gamma": gamma, "eps": eps}
    return out, cache


def layernorm_backward(dout, cache):
    x_hat = cache["x_hat"]
    inv_std = cache["inv_std"]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * cache["gamma"]
    row_mean_dxh = dx_hat.mean(axis=1, keepdims=True)
    row_mean_dxh_xh = (dx_hat * x_hat).mean(axis=1, keepdims=True)
    dx = inv_std * (dx_hat - row_mean_dxh - x_hat * row_mean_dxh_xh)
    return dx, dgamma, dbeta
