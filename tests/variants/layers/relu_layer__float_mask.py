"""ReLU as x * (x > 0) forward and dout * (x > 0).astype(float) backward (float64 gradients for float32 inputs)."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def relu_forward(x):
    out = x * (x > 0)
    cache = x
    return out, cache


def relu_backward(dout, cache):
    x = cache
    dx = dout * (x > 0).astype(float)
    return dx
