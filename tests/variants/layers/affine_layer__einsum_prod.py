"""Affine layer with np.einsum everywhere and D computed as np.prod(x.shape[1:])."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def affine_forward(x, w, b):
    N = x.shape[0]
    D = np.prod(x.shape[1:])
    x_rows = x.reshape(N, D)
    out = np.einsum("nd,dm->nm", x_rows, w) + b
    cache = (x, w, b)
    return out, cache


def affine_backward(dout, cache):
    x, w, b = cache
    N = x.shape[0]
    D = np.prod(x.shape[1:])
    x_rows = x.reshape(N, D)
    dx = np.einsum("nm,dm->nd", dout, w).reshape(x.shape)
    dw = np.einsum("nd,nm->dm", x_rows, dout)
    db = np.einsum("nm->m", dout)
    return dx, dw, db
