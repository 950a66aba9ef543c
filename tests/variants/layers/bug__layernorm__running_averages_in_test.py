"""Layer norm copied from batch norm with its running averages kept: in train mode it is correct (per-row statistics) and also updates ln_param["running_mean"] and ln_param["running_var"] with momentum 0.9 from the batch averages of the row means and variances, and when ln_param["mode"] == "test" it normalizes with those running averages instead of the example's own statistics (zeros when none were kept), although layer norm computes the same thing at training and test time (Ba, Kiros & Hinton 2016; PyTorch nn.LayerNorm docs: "uses statistics computed from input data in both training and evaluation modes")."""
FILE = "deeplearning/layers.py"
EXPECT = {"layernorm": "test"}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    mode = ln_param.get("mode", "train")
    eps = ln_param.get("eps", 1e-5)
    momentum = ln_param.get("momentum", 0.9)
    running_mean = ln_param.get("running_mean", 0.0)
    running_var = ln_param.get("running_var", 0.0)

    cache = None
    if mode == "train":
        mean = x.mean(axis=1, keepdims=True)
        var = x.var(axis=1, keepdims=True)
        inv_std = 1 / np.sqrt(var + eps)
        x_hat = (x - mean) * inv_std
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mean.mean()
        running_var = momentum * running_var + (1 - momentum) * var.mean()
        cache = (x_hat, gamma, inv_std)
    else:
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * x_hat + beta

    ln_param["running_mean"] = running_mean
    ln_param["running_var"] = running_var
    return out, cache


def layernorm_backward(dout, cache):
    x_hat, gamma, inv_std = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = inv_std * (dx_hat - dx_hat.mean(axis=1, keepdims=True)
                    - x_hat * (dx_hat * x_hat).mean(axis=1, keepdims=True))
    return dx, dgamma, dbeta
