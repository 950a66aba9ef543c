"""ReLU with np.where in both directions: np.where(x > 0, x, 0) and np.where(x > 0, dout, 0)."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def relu_forward(x):
    return np.where(x > 0, x, 0), x


def relu_backward(dout, cache):
    return np.where(cache > 0, dout, 0)
