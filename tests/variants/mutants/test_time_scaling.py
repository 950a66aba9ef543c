"""dropout_forward that multiplies by p at test time (classic dropout) although its training mode already divides the
kept units by p (inverted dropout): test-time outputs are p times too small."""
FILE = "deeplearning/layers.py"
EXPECT = {"dropout_forward": "classic dropout"}
MISTAKE = "dropout_forward/test_mode_scaled"
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
        out = x * p
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)
