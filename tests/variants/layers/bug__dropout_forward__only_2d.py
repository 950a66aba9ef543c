"""Dropout mask drawn as np.random.rand(x.shape[0], x.shape[1]): right for 2-D inputs, broken for 3-D ones."""
FILE = "deeplearning/layers.py"
EXPECT = {"dropout_forward": "3-D input"}

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None

    if mode == "train":
        mask = ((np.random.rand(x.shape[0], x.shape[1]) < p) / p).astype(x.dtype)
        out = x * mask
    elif mode == "test":
        out = x
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)
