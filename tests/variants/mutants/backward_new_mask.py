"""dropout_backward that draws a new mask (rand < p, divided by p) instead of reusing the forward pass's mask from
the cache."""
FILE = "deeplearning/layers.py"
EXPECT = {"dropout_backward": "must reuse the mask"}
MISTAKE = "dropout_backward/new_mask"
PUBLIC = True

import numpy as np


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    mode = dropout_param["mode"]

    dx = None
    if mode == "train":
        dx = dout * (np.random.rand(*dout.shape) < dropout_param["p"]) / dropout_param["p"]
    elif mode == "test":
        dx = dout
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")
    return dx
