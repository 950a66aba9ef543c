"""Dropout backward that draws a fresh mask instead of reusing the one cached by the forward pass."""
FILE = "deeplearning/layers.py"
EXPECT = {"dropout_backward": "reuse the mask"}

import numpy as np


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    mode = dropout_param["mode"]

    dx = None
    if mode == "train":
        p = dropout_param["p"]
        dx = dout * ((np.random.rand(*dout.shape) < p) / p).astype(dout.dtype)
    elif mode == "test":
        dx = dout
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")
    return dx
