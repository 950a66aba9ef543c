"""Dropout whose mask is (np.random.rand(*x.shape) < p) cast to x.dtype and never divided by p: the "vanilla" dropout of the CS231n notes' first listing (and of Srivastava et al. 2014, who rescale at test time instead), used with the inverted-dropout test mode that returns x. Train-time outputs have expected value p * x instead of x; the backward pass (dout * mask) is consistent with this forward."""
FILE = "deeplearning/layers.py"
EXPECT = {"dropout_forward": "1/p"}

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
