"""Layer norm by the cs231n transpose trick, as the TODO's hint ("this is batch normalization of x.T, in train mode") and e.g. the PaddlePaddle layer_norm issue #7174 ("transpose the input X first, and then the left calculation is the same as in batch normalization ... no moving average") describe: the student's own batchnorm_forward runs on x.T in train mode with a throw-away bn_param and the identity affine given as the scalars gamma = 1.0 and beta = 0.0 (they broadcast like arrays of shape (N,)), gamma and beta of the layer are applied by this function after transposing back, and the backward calls the student's own batchnorm_backward on (dout * gamma).T with the stored batch-norm cache and discards its dgamma and dbeta. Difference from the docstring: batchnorm_forward is given scalar gamma and beta instead of arrays of shape (N,), which broadcast the same."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    # per-example statistics = per-column statistics of x.T; a fresh dict so no
    # running averages leak anywhere (they are meaningless for layer norm)
    scratch = {"mode": "train", "eps": eps}
    xt_hat, bn_cache = batchnorm_forward(x.T, 1.0, 0.0, scratch)
    x_hat = xt_hat.T
    out = x_hat * gamma + beta
    cache = {"bn_cache": bn_cache, "x_hat": x_hat, "gamma": gamma}
    return out, cache


def layernorm_backward(dout, cache):
    x_hat, gamma = cache["x_hat"], cache["gamma"]
    dgamma = np.sum(dout * x_hat, axis=0)
    dbeta = np.sum(dout, axis=0)
    dxt, _, _ = batchnorm_backward((dout * gamma).T, cache["bn_cache"])
    return dxt.T, dgamma, dbeta
