"""Dropout backward that ignores the cached mask and re-creates it: it reseeds with dropout_param['seed'] when there is one and draws np.random.rand(*dout.shape) < p again. With a seed (the notebook's gradient check) this reproduces the forward mask, so the check passes; without a seed (training) it is a fresh mask unrelated to the forward pass. The forward pass is correct."""
FILE = "deeplearning/layers.py"
EXPECT = {"dropout_backward": "reuse the mask"}

import numpy as np


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    mode = dropout_param["mode"]

    dx = None
    if mode == "train":
        p = dropout_param["p"]
        # same seed -> same mask as in the forward pass
        if "seed" in dropout_param:
            np.random.seed(dropout_param["seed"])
        mask = ((np.random.rand(*dout.shape) < p) / p).astype(dout.dtype)
        dx = dout * mask
    elif mode == "test":
        dx = dout
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")
    return dx
