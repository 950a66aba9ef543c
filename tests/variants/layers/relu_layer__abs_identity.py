"""ReLU through the identity max(0, x) = (x + |x|) / 2 (a textbook way to write the positive part), which is exact in floating point (x + x = 2x, x + (-x) = +0), and a backward pass that fills a zero array by boolean-mask assignment, dx[x > 0] = dout[x > 0], so dout is never modified."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def relu_forward(x):
    out = 0.5 * (x + np.abs(x))
    return out, x


def relu_backward(dout, cache):
    x = cache
    on = x > 0
    dx = np.zeros_like(dout)
    dx[on] = dout[on]
    return dx
