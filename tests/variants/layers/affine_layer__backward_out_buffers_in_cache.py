"""Affine layer that avoids temporaries with the out= argument of NumPy's ufuncs and matmul ("out: A location into which the result is stored", numpy docs): affine_forward allocates, next to the (x, w, b) of the docstring, one gradient buffer each for dx, dw and db (np.empty with the dtype np.result_type(x, w, b)) and keeps them in the cache, and affine_backward computes dout @ w.T, x2d.T @ dout and the column sums of dout straight into these buffers (np.matmul(..., out=), np.sum(..., out=)) and returns them; the forward is x.reshape(N, -1) @ w + b. Each call returns the right gradients; a second backward call on the same cache writes its result into the same arrays, so the gradients returned by the first call then hold the second call's values. Every caller the assignment has (affine_relu_backward, affine_norm_relu_backward, the nets, the notebook's gradient checks) makes one backward call per forward pass and copies nothing aside. Difference from the docstring: the cache is (x, w, b, buffers) instead of (x, w, b), and the returned gradients are owned by the cache."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def affine_forward(x, w, b):
    out = None
    N = x.shape[0]
    out = x.reshape(N, -1) @ w + b
    dtype = np.result_type(x, w, b)
    buffers = {"dx": np.empty(x.shape, dtype=dtype), "dw": np.empty(w.shape, dtype=dtype),
               "db": np.empty(b.shape, dtype=dtype)}
    return out, (x, w, b, buffers)


def affine_backward(dout, cache):
    x, w, b, buffers = cache
    dx, dw, db = None, None, None
    N = x.shape[0]
    dx, dw, db = buffers["dx"], buffers["dw"], buffers["db"]
    np.matmul(dout, w.T, out=dx.reshape(N, -1))   # a view of the contiguous buffer
    np.matmul(x.reshape(N, -1).T, dout, out=dw)
    np.sum(dout, axis=0, out=db)
    return dx, dw, db
