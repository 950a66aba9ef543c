"""Dropout caches a boolean mask and divides by p on its own, in the forward (x * mask / p) and the backward (dout * mask / p)."""
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
        mask = np.random.rand(*x.shape) < p
        out = x * mask / p
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
        dx = dout * mask / dropout_param["p"]
    elif mode == "test":
        dx = dout
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")
    return dx
