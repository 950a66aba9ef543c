"""Dropout backward written as np.where(mask != 0, dout / p, 0), reading p from the cached dropout_param."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    if dropout_param["mode"] == "test":
        return dout
    p = dropout_param["p"]
    return np.where(mask != 0, dout / p, 0)
