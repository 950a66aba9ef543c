"""Batch norm forward written straight from Ioffe & Szegedy (2015), Algorithm 1 "Batch Normalizing Transform": mini-batch mean mu_B = (1/m) sum x_i, mini-batch variance sigma2_B = (1/m) sum (x_i - mu_B)^2, x_hat = (x - mu_B) / sqrt(sigma2_B + eps) (eps inside the square root, as also in the PyTorch BatchNorm1d docs' y = (x - E[x]) / sqrt(Var[x] + eps) * gamma + beta), y = gamma * x_hat + beta; the sums are explicit np.sum(...) / m. The running averages follow the release docstring (momentum on the old value) with the biased sigma2_B, test mode normalizes with them. The cache is the layout the TODO suggests, (x_hat, gamma, x - mean, 1 / std), so the answer key's backward passes run on it. No difference from the docstring."""
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
        m = x.shape[0]  # mini-batch size, "m" in the paper
        # Algorithm 1, line 1: mini-batch mean
        mu_B = np.sum(x, axis=0) / m
        # line 2: mini-batch variance (biased, 1/m)
        diff = x - mu_B
        sigma2_B = np.sum(diff ** 2, axis=0) / m
        # line 3: normalize
        inv_sigma = 1.0 / np.sqrt(sigma2_B + eps)
        x_hat = diff * inv_sigma
        # line 4: scale and shift
        out = gamma * x_hat + beta

        running_mean = momentum * running_mean + (1 - momentum) * mu_B
        running_var = momentum * running_var + (1 - momentum) * sigma2_B
        cache = (x_hat, gamma, diff, inv_sigma)
    elif mode == "test":
        x_hat = (x - running_mean) / np.sqrt(running_var + eps)
        out = gamma * x_hat + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache
