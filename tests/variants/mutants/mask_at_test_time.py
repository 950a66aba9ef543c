"""dropout_forward that also drops units at test time: out = x * (rand < p) in test mode."""
FILE = "deeplearning/layers.py"
EXPECT = {"dropout_forward": "no mask may be applied at test time"}
MISTAKE = "dropout_forward/dropout_at_test_time"
PUBLIC = True

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None

    if mode == "train":
        mask = ((np.random.rand(*x.shape) < p) / p).astype(x.dtype, copy=False)
        out = x * mask
    elif mode == "test":
        out = x * (np.random.rand(*x.shape) < p)
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)
