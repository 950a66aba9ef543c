"""Affine backward that computes dw = dout.T @ x_flat, the transpose of the weight gradient, with shape (M, D) instead of w's (D, M) and no reshape (unlike bug__affine_layer__dw_transposed_or_wrong, which reshapes it to w's shape). The student reasons from out^T = w^T x^T. Everything else is correct."""
FILE = "deeplearning/layers.py"
EXPECT = {"affine_layer": "dw"}

import numpy as np


def affine_backward(dout, cache):
    x, w, b = cache
    x_flat = x.reshape(x.shape[0], -1)
    dx = np.reshape(dout @ w.T, x.shape)
    dw = dout.T @ x_flat
    db = np.sum(dout, axis=0)
    return dx, dw, db
