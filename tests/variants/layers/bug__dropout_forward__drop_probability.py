"""Dropout that reads p as the probability of dropping a unit: drops where rand < p and scales kept units by 1 / (1 - p)."""
FILE = "deeplearning/layers.py"
EXPECT = {"dropout_forward": "drop probability"}

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None

    if mode == "train":
        dropped = np.random.rand(*x.shape) < p
        mask = (~dropped / (1 - p)).astype(x.dtype)
        out = x * mask
    elif mode == "test":
        out = x
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)
