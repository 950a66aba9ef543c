"""Inverted dropout that works in x's dtype from the start: the uniform draws of np.random.rand(*x.shape) are cast to x.dtype, compared with p in that dtype and the mask is keep / p in that dtype (a float32 net never touches float64 arrays). For float64 x the mask is the docstring's; for float32 x a draw within about 6e-8 of p can round to the other side of p, which changes the keep probability by at most that much."""
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
        ftype = x.dtype.type
        u = np.random.rand(*x.shape).astype(x.dtype)
        keep_p = ftype(p)
        mask = (u < keep_p) / keep_p
        out = x * mask
    elif mode == "test":
        out = x
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)
