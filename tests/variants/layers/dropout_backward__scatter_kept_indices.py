"""Inverted dropout that caches the indices of the kept units (np.nonzero of np.random.rand(*x.shape) < p) instead of a mask and scatters in both directions: out = zeros, out[kept] = x[kept] / p; dx = zeros, dx[kept] = dout[kept] / p. A boolean/fancy-indexing style often posted on forums; x[kept] / p can differ from x * (1/p) by one ulp. Difference from the docstring: the cache is (dropout_param, index tuple), read only by its own backward."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None

    if mode == "train":
        kept = np.nonzero(np.random.rand(*x.shape) < p)
        out = np.zeros_like(x)
        out[kept] = x[kept] / p
        mask = kept
    elif mode == "test":
        out = x
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    mode = dropout_param["mode"]

    dx = None
    if mode == "train":
        kept = mask
        dx = np.zeros_like(dout)
        dx[kept] = dout[kept] / dropout_param["p"]
    elif mode == "test":
        dx = dout
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")
    return dx
