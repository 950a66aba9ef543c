"""Layer norm with the student's own compact closed-form backward, derived on paper like batchnorm_backward_alt but with the sums over the D features of a row: dx = (1 / (D * sigma)) * (D * g - sum_j g_j - x_hat * sum_j g_j x_hat_j) with g = dout * gamma, written with np.einsum for the per-row sums and the normalization as x_hat = (x - mu) * (var + eps) ** -0.5 (Ba, Kiros & Hinton 2016, eq. 3 statistics over the hidden units; eps inside the root as in the PyTorch nn.LayerNorm docs). No difference from the docstring."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def layernorm_forward(x, gamma, beta, ln_param):
    eps = ln_param.get("eps", 1e-5)
    D = x.shape[1]
    mu = np.einsum("nd->n", x)[:, None] / D
    xc = x - mu
    var = np.einsum("nd,nd->n", xc, xc)[:, None] / D
    istd = (var + eps) ** -0.5
    x_hat = xc * istd
    return gamma * x_hat + beta, (x_hat, istd, gamma)


def layernorm_backward(dout, cache):
    x_hat, istd, gamma = cache
    D = x_hat.shape[1]
    g = dout * gamma
    sum_g = np.einsum("nd->n", g)[:, None]
    sum_gx = np.einsum("nd,nd->n", g, x_hat)[:, None]
    dx = (istd / D) * (D * g - sum_g - x_hat * sum_gx)
    dgamma = np.einsum("nd,nd->d", dout, x_hat)
    dbeta = np.einsum("nd->d", dout)
    return dx, dgamma, dbeta
