"""Bug: the running averages follow PyTorch's convention, where "momentum" is the weight of the new observation (BatchNorm1d docs: "x_hat_new = (1 - momentum) x x_hat + momentum x x_t", default momentum 0.1), updated in place: running_mean *= (1 - momentum); running_mean += momentum * sample_mean. With this assignment's momentum = 0.9 (the weight of the old value in the release docstring) the averages forget almost everything after one step. Training output, test-mode normalization and the cache (x_hat, gamma, x - mean, 1 / std) are right."""
FILE = "deeplearning/layers.py"
EXPECT = {"batchnorm_forward": "momentum"}

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
        sample_mean = np.mean(x, axis=0)
        sample_var = np.var(x, axis=0)
        x_c = x - sample_mean
        inv_std = 1.0 / np.sqrt(sample_var + eps)
        x_hat = x_c * inv_std
        out = gamma * x_hat + beta

        running_mean *= 1 - momentum
        running_mean += momentum * sample_mean
        running_var *= 1 - momentum
        running_var += momentum * sample_var
        cache = (x_hat, gamma, x_c, inv_std)
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache
