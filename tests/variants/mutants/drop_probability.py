"""dropout_forward that takes p as the probability of dropping a unit: it keeps units where rand >= p and divides
them by 1 - p."""
FILE = "deeplearning/layers.py"
EXPECT = {"dropout_forward": "p is used as the drop probability"}
MISTAKE = "dropout_forward/drop_probability"
PUBLIC = True

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None

    if mode == "train":
        mask = ((np.random.rand(*x.shape) >= p) / (1 - p)).astype(x.dtype, copy=False)
        out = x * mask
    elif mode == "test":
        out = x
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)
