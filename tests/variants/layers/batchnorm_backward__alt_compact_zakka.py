"""batchnorm_backward_alt as the one-line simplified gradient dx = (1 / N) * gamma * inv_std * (N * dout - sum(dout) - x_hat * sum(dout * x_hat)): the paper's three derivatives (Ioffe & Szegedy 2015, section 3: dl/dsigma2, dl/dmu, dl/dx = dl/dx_hat / sqrt(sigma2 + eps) + dl/dsigma2 * 2 (x - mu) / m + dl/dmu / m) collapsed once the variance part of dl/dmu is seen to vanish, the step a math Q&A walks through for Kevin Zakka's blog derivation (kevinzakka.github.io/2016/09/14/batch_normalization). Only the alternative backward is replaced; it reads the answer key's cache layout (x_hat, gamma, x - mean, 1 / std), the one the TODO suggests, and reuses dbeta and dgamma for the two sums. No difference from the docstring."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def batchnorm_backward_alt(dout, cache):
    x_hat, gamma, _, inv_std = cache
    N = dout.shape[0]
    dbeta = np.sum(dout, axis=0)
    dgamma = np.sum(dout * x_hat, axis=0)
    dx = (1.0 / N) * gamma * inv_std * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta
