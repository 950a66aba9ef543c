"""ReLU forward as np.maximum(0, x) and backward as dout * np.heaviside(x, 0.5), the step function of the numpy docs ("x2 is often taken to be 0.5, but 0 and 1 are also sometimes used"). Difference from the docstring: at exactly x == 0 this passes half the gradient instead of none; 0.5 lies in the subdifferential [0, 1] of max(0, x) at 0, so it is a valid subgradient, and elsewhere it equals the docstring's 1[x > 0]. heaviside keeps float32 for float32 x."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def relu_forward(x):
    out = np.maximum(0, x)
    cache = x
    return out, cache


def relu_backward(dout, cache):
    x = cache
    # derivative of max(0, x): step function, 1/2 right at the kink
    dx = dout * np.heaviside(x, 0.5)
    return dx
