"""dropout_forward that draws one mask of shape x.shape[1:] and applies it to every example of the batch, instead of
an independent mask per element."""
FILE = "deeplearning/layers.py"
EXPECT = {"dropout_forward": "every example of the batch gets the same mask"}
MISTAKE = "dropout_forward/shared_mask"
PUBLIC = True

import numpy as np


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None

    if mode == "train":
        mask = ((np.random.rand(*x.shape[1:]) < p) / p).astype(x.dtype)
        out = x * mask
    elif mode == "test":
        out = x
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)
