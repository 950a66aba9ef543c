"""dropout_forward that keeps each unit with probability p but does not divide the kept units by p (not inverted
dropout), so the expected output is p * x."""
FILE = "deeplearning/layers.py"
EXPECT = {"dropout_forward": "not divided by p"}
MISTAKE = "dropout_forward/unscaled"
PUBLIC = True

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None

    if mode == "train":
        mask = (np.random.rand(*x.shape) < p).astype(x.dtype)
        out = x * mask
    elif mode == "test":
        out = x
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)
