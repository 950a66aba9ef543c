"""Bug: the running-average update is written once after the if/else, next to the stub's closing bn_param lines, so it also runs in test mode with the test batch's statistics: every test-mode call moves bn_param's running_mean / running_var towards the data it is evaluated on (the release docstring: "updated in bn_param on every training call"; PyTorch's BatchNorm1d likewise updates its running estimates only during training). The test output of the call itself is right (it normalizes with the averages from before the update); training mode and the cache (x_hat, gamma, x - mean, 1 / std) are right."""
FILE = "deeplearning/layers.py"
EXPECT = {"batchnorm_forward": "running averages"}

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    batch_mean = np.mean(x, axis=0)
    batch_var = np.var(x, axis=0)

    out, cache = None, None
    if mode == "train":
        xc = x - batch_mean
        inv_std = 1.0 / np.sqrt(batch_var + eps)
        x_hat = xc * inv_std
        out = gamma * x_hat + beta
        cache = (x_hat, gamma, xc, inv_std)
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    # update the running averages
    running_mean = momentum * running_mean + (1 - momentum) * batch_mean
    running_var = momentum * running_var + (1 - momentum) * batch_var

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache
