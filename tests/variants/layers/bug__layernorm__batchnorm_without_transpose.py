"""Layer norm by the transpose trick with the transposes forgotten: the student's batchnorm_forward is called on x itself (train mode, gamma = 1, beta = 0) and batchnorm_backward on dout * gamma, so the statistics are taken over the batch axis, one per feature, i.e. this is batch normalization (Ba, Kiros & Hinton 2016 and the PyTorch nn.LayerNorm docs take them over the features of each example); the rest is the correct wrapping, and the backward is right for this forward."""
FILE = "deeplearning/layers.py"
EXPECT = {"layernorm": "batch normalization"}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    D = x.shape[1]
    x_hat, bn_cache = batchnorm_forward(x, np.ones(D, dtype=x.dtype), np.zeros(D, dtype=x.dtype),
                                        {"mode": "train", "eps": eps})
    out = gamma * x_hat + beta
    return out, (bn_cache, x_hat, gamma)


def layernorm_backward(dout, cache):
    bn_cache, x_hat, gamma = cache
    dgamma = np.sum(dout * x_hat, axis=0)
    dbeta = np.sum(dout, axis=0)
    dx, _, _ = batchnorm_backward(dout * gamma, bn_cache)
    return dx, dgamma, dbeta
