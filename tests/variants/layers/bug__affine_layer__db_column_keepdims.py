"""Bug: the affine layer's backward written in the column-vector convention of Andrew Ng's Deep Learning Specialization (examples as columns, "db = 1/m * np.sum(dZ, axis=1, keepdims=True)", biases of shape (n, 1)): with dZ = dout.T the student computes dw = (dZ @ x2d).T and db = np.sum(dZ, axis=1, keepdims=True), shape (M, 1), where the docstring asks for (M,) like b. The values are right, but the shape does not broadcast like b's: an update b - lr * db gives an (M, M) array, and the next forward pass adds it to (N, M) scores (an error, or silently wrong when N == M). Forward pass, dx and dw are right."""
FILE = "deeplearning/layers.py"
EXPECT = {"affine_layer": "expected shape"}

import numpy as np


def affine_forward(x, w, b):
    out = None
    N = x.shape[0]
    out = np.dot(x.reshape(N, -1), w) + b
    return out, (x, w, b)


def affine_backward(dout, cache):
    x, w, b = cache
    dx, dw, db = None, None, None
    N = x.shape[0]
    dZ = dout.T                                   # (M, N): one column per example
    dw = np.dot(dZ, x.reshape(N, -1)).T
    db = np.sum(dZ, axis=1, keepdims=True)
    dx = np.dot(w, dZ).T.reshape(x.shape)
    return dx, dw, db
