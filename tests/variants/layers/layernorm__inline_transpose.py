"""Layer norm that transposes x and reuses batch-norm code along axis 0 inline, transposing back before gamma and beta."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    xt = x.T
    mean = xt.mean(axis=0)
    var = xt.var(axis=0)
    inv_std = 1 / np.sqrt(var + eps)
    xt_hat = (xt - mean) * inv_std
    x_hat = xt_hat.T
    out = gamma * x_hat + beta
    cache = (xt_hat, inv_std, gamma)
    return out, cache


def layernorm_backward(dout, cache):
    xt_hat, inv_std, gamma = cache
    D = xt_hat.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * xt_hat.T).sum(axis=0)
    dxt_hat = (dout * gamma).T
    dxt = (inv_std / D) * (D * dxt_hat - dxt_hat.sum(axis=0) - xt_hat * (dxt_hat * xt_hat).sum(axis=0))
    return dxt.T, dgamma, dbeta
