"""Dropout that keeps an element where rand > p (half-translated from PyTorch/TensorFlow, where p or rate is the drop probability) but still divides by p: elements are kept with probability 1 - p and scaled by 1/p, so the expected output is (1 - p) / p * x. Indistinguishable from correct dropout at p = 0.5 except for which elements are kept; wrong for any other p."""
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
        mask = ((np.random.rand(*x.shape) > p) / p).astype(x.dtype)
        out = x * mask
    elif mode == "test":
        out = x
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)
