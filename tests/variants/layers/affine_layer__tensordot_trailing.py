"""Affine layer that never flattens x: w is viewed as an array of shape (d_1, ..., d_k, M) and np.tensordot contracts it with the trailing k axes of x (numpy docs: "If an int N, sum over the last N axes of a and the first N axes of b in order"), dx contracts dout's M axis with w's last axis and so already has x's shape, and dw contracts the batch axis of x and dout and is reshaped to (D, M). Same product as x.reshape(N, -1) @ w, summed in the same order by BLAS, so only rounding can differ."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def affine_forward(x, w, b):
    k = x.ndim - 1
    w_blocks = w.reshape(x.shape[1:] + (w.shape[1],))
    out = np.tensordot(x, w_blocks, axes=k) + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    k = x.ndim - 1
    w_blocks = w.reshape(x.shape[1:] + (w.shape[1],))
    # sum over M: (N, M) x (d_1, ..., d_k, M) -> (N, d_1, ..., d_k)
    dx = np.tensordot(dout, w_blocks, axes=([1], [k]))
    # sum over the batch: (N, d_1, ..., d_k) x (N, M) -> (d_1, ..., d_k, M)
    dw = np.tensordot(x, dout, axes=([0], [0])).reshape(w.shape)
    db = np.sum(dout, axis=0)
    return dx, dw, db
