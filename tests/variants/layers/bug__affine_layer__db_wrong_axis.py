"""Affine backward whose bias gradient sums dout over the wrong axis, db = np.sum(dout, axis=1): the per-example totals (shape (N,)) instead of the per-output-unit totals (shape (M,)). A common forum mistake; it even has the right shape when the batch size equals the number of outputs. Everything else is correct."""
FILE = "deeplearning/layers.py"
EXPECT = {"affine_layer": "db"}

import numpy as np


def affine_backward(dout, cache):
    x, w, b = cache
    x2 = x.reshape(x.shape[0], -1)
    dx = np.dot(dout, w.T).reshape(x.shape)
    dw = np.dot(x2.T, dout)
    db = np.sum(dout, axis=1)
    return dx, dw, db
