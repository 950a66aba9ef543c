"""Bug: the given line changed to momentum = bn_param.get("momentum", 0.99), the default of tf.keras.layers.BatchNormalization (momentum=0.99, in the same old-value convention as this docstring), the update itself as documented. The docstring fixes the default at 0.9, and the net's bn_params never pass a momentum, so the default is what every batch-normalized net trains with: after one step from zero the running averages are 0.01 times the batch statistics instead of 0.1 times, after 100 steps they still carry 0.99 ** 100 = 37 % of their zero start (0.9 ** 100 = 3e-5), and test-mode outputs and validation accuracies early in training differ visibly. Unlike a smaller eps this is not a change within the accepted forms: it changes the running averages the docstring describes. Training output, test mode with given running averages and everything with an explicit momentum are right."""
FILE = "deeplearning/layers.py"
EXPECT = {"batchnorm_forward": "default momentum"}  # phrase proposed

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.99)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        mu = x.mean(axis=0)
        xc = x - mu
        var = (xc * xc).mean(axis=0)
        inv_std = 1.0 / np.sqrt(var + eps)
        x_hat = xc * inv_std
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mu
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (x_hat, gamma, xc, inv_std)
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache
