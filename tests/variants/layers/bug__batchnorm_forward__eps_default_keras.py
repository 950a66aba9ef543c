"""Bug: the given line changed to eps = bn_param.get("eps", 1e-3), the default of tf.keras.layers.BatchNormalization (epsilon=0.001), copied from a Keras model, eps inside the square root as documented. The docstring fixes the default at 1e-5. A smaller default would be harmless (it moves the output by less than the documented eps itself does, the accepted gap between eps inside and outside the root), but a larger one changes what the layer computes: the output moves by about 1e-3 / (2 var) relative, 100 times the accepted gap, and features whose variance is near or below 1e-3 (the affine outputs of the weight-scale experiment's small scales) are no longer normalized to unit variance, which is what that experiment studies; 1e-1 would be worse still. With eps passed in bn_param everything is right, and so are the running averages and both backward passes (textbook formula on the cached x_hat and 1 / std, exact for this forward)."""
FILE = "deeplearning/layers.py"
EXPECT = {"batchnorm_forward": "default eps"}  # phrase proposed

import numpy as np


def batchnorm_forward(x, gamma, beta, bn_param):
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-3)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        mean = np.mean(x, axis=0)
        var = np.var(x, axis=0)
        inv_std = 1 / np.sqrt(var + eps)
        x_hat = (x - mean) * inv_std
        out = gamma * x_hat + beta
        cache = (x_hat, gamma, x - mean, inv_std)
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var
    elif mode == "test":
        out = gamma * (x - running_mean) / np.sqrt(running_var + eps) + beta
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache
