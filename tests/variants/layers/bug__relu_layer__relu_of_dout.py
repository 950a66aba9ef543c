"""ReLU backward that applies the ReLU to the upstream gradient, dx = np.maximum(dout, 0), instead of masking dout with x > 0: it passes positive gradients where x < 0 and blocks negative ones where x > 0. A mistake seen on course forums ("the backward of relu is relu"). The forward pass is correct."""
FILE = "deeplearning/layers.py"
EXPECT = {"relu_layer": "where x > 0"}

import numpy as np


def relu_backward(dout, cache):
    x = cache
    dx = np.maximum(dout, 0)
    return dx
