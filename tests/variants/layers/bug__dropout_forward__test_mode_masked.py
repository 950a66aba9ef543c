"""Dropout that draws and applies the mask before looking at the mode, so test-time outputs are masked too."""
FILE = "deeplearning/layers.py"
EXPECT = {"dropout_forward": "test time"}

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])
    if mode not in ("train", "test"):
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    mask = ((np.random.rand(*x.shape) < p) / p).astype(x.dtype)
    out = x * mask
    return out, (dropout_param, mask)
