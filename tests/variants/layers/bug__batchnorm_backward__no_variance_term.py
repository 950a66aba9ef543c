"""batchnorm_backward_alt that drops the x_hat * mean(dx_hat * x_hat) term, as if the variance did not depend on x."""
FILE = "deeplearning/layers.py"
EXPECT = {"batchnorm_backward": "batchnorm_backward_alt"}

import numpy as np


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, _, inv_std = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx = gamma * inv_std / N * (N * dout - dbeta)
    return dx, dgamma, dbeta
