"""Bug: a default changed and used the other way round so that the two cancel: momentum = bn_param.get("momentum", 0.1) and running = (1 - momentum) * running + momentum * sample, PyTorch's BatchNorm1d convention ("momentum: the value used for the running_mean and running_var computation. Default: 0.1"; x_new = (1 - momentum) * x + momentum * x_t). With the default this is exactly the docstring's 0.9 * running + 0.1 * sample, so the net's running averages are right; but the docstring defines momentum as the weight of the old running value, and a bn_param that passes momentum (0.8, say) gets 0.2 * running + 0.8 * sample. Training output, test mode and the cache are right."""
FILE = "deeplearning/layers.py"
EXPECT = {"batchnorm_forward": "momentum weighs the old running"}

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.1)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        batch_mean = x.mean(axis=0)
        batch_var = x.var(axis=0)
        inv_std = 1.0 / np.sqrt(batch_var + eps)
        x_hat = (x - batch_mean) * inv_std
        out = gamma * x_hat + beta
        cache = (x_hat, gamma, x - batch_mean, inv_std)
        running_mean = (1 - momentum) * running_mean + momentum * batch_mean
        running_var = (1 - momentum) * running_var + momentum * batch_var
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache
