"""Batch norm with the given line changed to eps = bn_param.get("eps", 1e-12) and eps added to the standard deviation, x_hat = (x - mean) / (np.std(x, axis=0) + eps) in training and (x - running_mean) / (np.sqrt(running_var) + eps) at test time: the case of issue 28 (a student who wanted "the smallest eps that still avoids dividing by zero"; 1e-12 is also the layer-norm eps of BERT in Hugging Face's BertConfig). The docstring's default is 1e-5, but eps only guards the division: any 0 < eps <= 1e-5 changes the output by at most eps' effect itself, about 1e-5 / (2 var) relative (1.8e-7 in training, 3e-6 at test time on the grader's probes), the same size as the gap between eps inside and outside the square root, which the kit accepts; a constant feature still gives x_hat = 0 instead of 0 / 0. When eps is passed in bn_param the result is the std + eps form with that eps. The backward passes are the exact derivative of this forward (the compact formula dx = (g - mean(g) - std_eps / std * x_hat * mean(g * x_hat)) / std_eps with g = gamma * dout and std_eps = std + eps, node by node in batchnorm_backward), the std = 0 case guarded. Difference from the docstring: default eps 1e-12 instead of 1e-5 and eps outside the square root; no visible change in behaviour."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-12)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        mu = x.mean(axis=0)
        sigma = x.std(axis=0)
        x_hat = (x - mu) / (sigma + eps)
        out = gamma * x_hat + beta
        cache = (x_hat, gamma, sigma, eps)
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * sigma ** 2
    elif mode == "test":
        out = gamma * (x - running_mean) / (np.sqrt(running_var) + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    x_hat, gamma, sigma, eps = cache
    N = dout.shape[0]
    denom = sigma + eps
    xmu = x_hat * denom

    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    # x_hat = xmu / denom
    dxmu = dx_hat / denom
    ddenom = -(dx_hat * xmu).sum(axis=0) / denom ** 2
    # denom = sigma + eps, sigma = sqrt(var); sigma == 0 only when every xmu is 0
    dvar = np.divide(ddenom, 2 * sigma, out=np.zeros_like(ddenom), where=sigma > 0)
    # var = mean(xmu ** 2), xmu = x - mean(x)
    dxmu = dxmu + 2 * xmu * dvar / N
    dx = dxmu - dxmu.mean(axis=0)
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, sigma, eps = cache
    denom = sigma + eps
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    g = dout * gamma
    ratio = np.divide(denom, sigma, out=np.zeros_like(sigma), where=sigma > 0)
    dx = (g - g.mean(axis=0) - ratio * x_hat * (g * x_hat).mean(axis=0)) / denom
    return dx, dgamma, dbeta
