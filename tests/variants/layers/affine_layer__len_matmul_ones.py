"""Affine layer written with np.matmul / @ on x.reshape(len(x), -1), with the bias gradient as a matrix product np.ones(N) @ dout (the "db is the row of ones times dout" form of the CS231n backprop notes and of many forum answers) and dx reshaped with np.reshape(dx, x.shape). The ones vector is built with dout's dtype so that float32 inputs give a float32 db (np.ones defaults to float64, which would upcast it); the bias sum is a dot product instead of np.sum, a difference of rounding only."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def affine_forward(x, w, b):
    X = x.reshape(len(x), -1)          # (N, D)
    out = np.matmul(X, w) + b          # (N, M)
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    N = len(x)
    X = x.reshape(N, -1)
    dX = dout @ w.T                    # (N, D)
    dx = np.reshape(dX, x.shape)
    dw = X.T @ dout                    # (D, M)
    ones = np.ones(N, dtype=dout.dtype)
    db = ones @ dout                   # (M,), same as summing the rows
    return dx, dw, db
