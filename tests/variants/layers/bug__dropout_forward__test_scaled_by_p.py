"""Dropout that is inverted at training time (mask / p) and ALSO scales by p at test time, out = x * p, mixing the two listings of the CS231n notes (vanilla dropout's predict() multiplies activations by p). The test-time output should be x itself; here it is p * x. The training-time pass is correct."""
FILE = "deeplearning/layers.py"
EXPECT = {"dropout_forward": "multiplies by p"}

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None

    if mode == "train":
        mask = ((np.random.rand(*x.shape) < p) / p).astype(x.dtype)
        out = x * mask
    elif mode == "test":
        out = x * p
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)
