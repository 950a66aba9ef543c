"""Dropout mask drawn with np.random.randn(*x.shape) < p: normal draws, so units are kept with probability Phi(p), not p."""
FILE = "deeplearning/layers.py"
EXPECT = {"dropout_forward": "normal distribution"}

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None

    if mode == "train":
        mask = ((np.random.randn(*x.shape) < p) / p).astype(x.dtype)
        out = x * mask
    elif mode == "test":
        out = x
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)
