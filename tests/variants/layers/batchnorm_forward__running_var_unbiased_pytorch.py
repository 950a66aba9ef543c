"""Accepted with a note (the docstring does not define sample_var in the running update; PyTorch does the same): the running variance is fed the unbiased minibatch variance, np.var(x, axis=0, ddof=1), as PyTorch's BatchNorm1d does ("the value stored in the moving average of the variance is calculated via the unbiased estimator, equivalent to torch.var(input, correction=1)"; Ioffe & Szegedy's Algorithm 2 likewise uses Var[x] = m/(m-1) E_B[sigma_B^2] for inference), while the normalization itself uses the biased variance, as it should. The release docstring fixes the update as running_var = momentum * running_var + (1 - momentum) * sample_var with sample_var the np.var (divided by N) of the TODO, so the running variance is N / (N - 1) times too large in its new part (25% with N = 5) and test outputs shrink accordingly; with N = 1 it becomes nan. Training output and the cache are right."""
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
        mean = np.mean(x, axis=0)
        var = np.var(x, axis=0)  # biased, for normalizing
        xm = x - mean
        inv_std = 1.0 / np.sqrt(var + eps)
        x_hat = xm * inv_std
        out = gamma * x_hat + beta

        unbiased_var = np.var(x, axis=0, ddof=1)  # population estimate for inference
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * unbiased_var
        cache = (x_hat, gamma, xm, inv_std)
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache
