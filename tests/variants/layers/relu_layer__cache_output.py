"""ReLU that caches its output instead of its input, as in the Caffe/Torch-style layers where the backward pass only needs out = max(0, x): the gradient flows where out > 0, which is exactly where x > 0 (out is 0 at x == 0, so the docstring's 0 there is kept). Difference from the docstring: the cache is out, not x; as max(0, x) > 0 iff x > 0, relu_backward gives the same result whether it receives out or x."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def relu_forward(x):
    out = np.maximum(x, 0)
    # backward only needs to know which units were active
    cache = out
    return out, cache


def relu_backward(dout, cache):
    out = cache
    active = out > 0
    dx = dout * active
    return dx
