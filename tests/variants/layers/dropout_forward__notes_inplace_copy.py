"""Inverted dropout written like the CS231n "Neural Networks Part 2" notes: U = (np.random.rand(*H.shape) < p) / p, then H *= U. Because x belongs to the caller, the student multiplies a copy of x in place rather than x itself; the mask U is cast to x.dtype first (the in-place product keeps the copy's dtype anyway). Test mode returns x unchanged. Same mask as the docstring's call; out is bitwise x * mask."""
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
        U = (np.random.rand(*x.shape) < p) / p   # dropout mask, note the /p
        mask = U.astype(x.dtype)
        out = x.copy()
        out *= mask                              # drop! (on our own copy)
    elif mode == "test":
        out = x
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)
