"""Affine layer with np.dot, x.reshape(x.shape[0], -1), db = np.sum(dout, axis=0) and dx reshaped with *x.shape."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def affine_forward(x, w, b):
    x_flat = x.reshape(x.shape[0], -1)
    out = np.dot(x_flat, w) + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    x_flat = x.reshape(x.shape[0], -1)
    dx = dout.dot(w.T).reshape(*x.shape)
    dw = x_flat.T.dot(dout)
    db = np.sum(dout, axis=0)
    return dx, dw, db
