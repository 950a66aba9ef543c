"""ReLU forward that zeroes the negative entries of x itself (x[x < 0] = 0; return x), so the caller's array and the cache change: the backward pass then sees no negative inputs."""
FILE = "deeplearning/layers.py"
EXPECT = {"relu_layer": "modified its input x in place"}

import numpy as np


def relu_forward(x):
    x[x < 0] = 0
    out = x
    cache = x
    return out, cache
