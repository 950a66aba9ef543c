"""Affine backward that returns dx = dout @ w.T as an (N, D) matrix and forgets to reshape it back to the shape (N, d_1, ..., d_k) of x: right for 2-D inputs, wrong shape for image-like inputs (the docstring asks dx to be "like x"). Everything else is correct."""
FILE = "deeplearning/layers.py"
EXPECT = {"affine_layer": "dx"}

import numpy as np


def affine_backward(dout, cache):
    x, w, b = cache
    N = x.shape[0]
    x_rows = x.reshape(N, -1)
    dx = dout @ w.T
    dw = x_rows.T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db
