"""Inverted dropout with the mask drawn from np.random.random_sample(x.shape) <= p and scaled with np.where(keep, 1 / p, 0) in x's dtype. random_sample draws from the same global generator and the same [0, 1) stream as np.random.rand (numpy docs: "Return random floats in the half-open interval [0.0, 1.0)"), so a seed makes it reproducible; <= instead of < only differs when a draw equals p exactly (probability about 2**-53 per element)."""
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
        keep = np.random.random_sample(x.shape) <= p
        scale = x.dtype.type(1.0 / p)
        mask = np.where(keep, scale, x.dtype.type(0))
        out = x * mask
    elif mode == "test":
        out = x
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)
