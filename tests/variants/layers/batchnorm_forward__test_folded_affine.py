"""Batch norm whose test mode precomputes inv_std = 1 / np.sqrt(running_var + eps) and folds the whole layer into one per-feature affine map, scale = gamma * inv_std, shift = beta - running_mean * scale, out = x * scale + shift: the inference-time "folding" of a batch norm into the preceding affine/conv layer (pytorch/pytorch torch/nn/utils/fusion.py, fuse_linear_bn_weights: bn_scale = bn_w * torch.rsqrt(bn_rv + bn_eps), fused_b = (linear_b - bn_rm) * bn_scale + bn_b). Training mode is the release docstring's (x.mean / x.var, eps inside the square root) with the TODO's cache layout (x_hat, gamma, x - mean, 1 / std). Difference from the docstring: test output differs by rounding only (the subtraction of the mean happens after the scaling)."""
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
        m = x.mean(axis=0)
        v = x.var(axis=0)
        inv_std = 1 / np.sqrt(v + eps)
        xm = x - m
        x_hat = xm * inv_std
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * m
        running_var = momentum * running_var + (1 - momentum) * v
        cache = (x_hat, gamma, xm, inv_std)
    elif mode == "test":
        # fold normalization + scale/shift into one affine transform per feature
        inv_std = 1 / np.sqrt(running_var + eps)
        scale = gamma * inv_std
        shift = beta - running_mean * scale
        out = x * scale + shift
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache
