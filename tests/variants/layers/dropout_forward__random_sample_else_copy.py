"""Dropout with `if mode == 'train': ... else: ...`, the mask from np.random.random_sample, and a copy of x at test time."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def dropout_forward(x, dropout_param):
    p = dropout_param["p"]
    mode = dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    if mode == "train":
        mask = (np.random.random_sample(x.shape) < p).astype(x.dtype) / p
        out = x * mask
    else:
        mask = None
        out = x.copy()

    return out, (dropout_param, mask)
