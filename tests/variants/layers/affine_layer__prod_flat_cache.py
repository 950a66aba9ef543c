"""Affine layer in the textbook two-step style: x is flattened with x.reshape(N, np.prod(x.shape[1:])) and np.dot, and the cache keeps the flattened (N, D) view plus the original shape instead of x itself, so the backward pass reshapes dx with np.reshape(..., x_shape). This is the matrix form of the fully-connected layer in Goodfellow, Bengio and Courville, Deep Learning, sec. 6.5 (h = W^T x + b, dW from the outer products of the inputs and the upstream gradients); np.prod(()) == 1.0 covers 1-D inputs. Difference from the docstring: the cache is (x_flat, w, b, x.shape) rather than (x, w, b), which only its own backward reads."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def affine_forward(x, w, b):
    num_examples = x.shape[0]
    row_length = int(np.prod(x.shape[1:]))
    # a view, not a copy: x itself is left alone
    x_flat = x.reshape(num_examples, row_length)
    out = np.dot(x_flat, w) + b
    # keep the 2-D version around so backward does not have to flatten again
    cache = (x_flat, w, b, x.shape)
    return out, cache


def affine_backward(dout, cache):
    x_flat, w, b, x_shape = cache
    # out = x_flat . w + b  ->  d/dx_flat = dout . w^T, d/dw = x_flat^T . dout
    dx_flat = np.dot(dout, w.T)
    dx = np.reshape(dx_flat, x_shape)
    dw = np.dot(x_flat.T, dout)
    # b is added to every row, so its gradient sums over the rows
    db = dout.sum(0)
    return dx, dw, db
