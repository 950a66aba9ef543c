"""Affine backward that computes dw as (dout.T @ x2d) reshaped to w's shape instead of x2d.T @ dout."""
FILE = "deeplearning/layers.py"
EXPECT = {"affine_layer": "dw"}

import numpy as np


def affine_backward(dout, cache):
    x, w, b = cache
    x2d = x.reshape(x.shape[0], -1)
    dx = (dout @ w.T).reshape(x.shape)
    dw = (dout.T @ x2d).reshape(w.shape)
    db = dout.sum(axis=0)
    return dx, dw, db
