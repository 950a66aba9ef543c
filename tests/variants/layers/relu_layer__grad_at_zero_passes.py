"""ReLU backward that zeroes dout only where x < 0, so the gradient passes at exactly x == 0 (subgradient 1)."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def relu_backward(dout, cache):
    x = cache
    dx = np.array(dout, copy=True)
    dx[x < 0] = 0
    return dx
