"""Inverted dropout that keeps a boolean mask from np.random.uniform(size=x.shape) < p in the cache and divides by p where it is used: forward out = x * keep / p, backward copies dout, zeroes the dropped entries (dx[~keep] = 0) and divides the copy by p in place. numpy.random.uniform draws from the global generator on [0, 1), so the seed reproduces the mask. Differences from the docstring: the cached mask is boolean, not 0 and 1/p in x's dtype (only its own backward reads it), and x * keep / p rounds differently from x * (1/p) by at most one ulp."""
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
        keep = np.random.uniform(size=x.shape) < p
        mask = keep
        out = x * keep / p
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
        keep = mask
        dx = dout.copy()
        dx[~keep] = 0                 # dropped units get no gradient
        dx /= dropout_param["p"]      # kept ones were scaled by 1/p
    elif mode == "test":
        dx = dout
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")
    return dx
