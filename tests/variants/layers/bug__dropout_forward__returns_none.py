"""Dropout whose training-time TODO was never filled in: train mode still returns (None, (dropout_param, None))."""
FILE = "deeplearning/layers.py"
EXPECT = {"dropout_forward": "returns None"}

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None

    if mode == "train":
        pass
    elif mode == "test":
        out = x
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)
