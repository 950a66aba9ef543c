"""ReLU backward that zeroes dout where x > 0 instead of where x <= 0, so the gradient flows through the negative inputs."""
FILE = "deeplearning/layers.py"
EXPECT = {"relu_layer": "where x > 0"}

import numpy as np


def relu_backward(dout, cache):
    x = cache
    dx = dout.copy()
    dx[x > 0] = 0
    return dx
