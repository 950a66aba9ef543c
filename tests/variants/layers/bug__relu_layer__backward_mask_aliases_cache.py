"""Bug: relu_backward turns its cache into the 0/1 mask in place, mask = x; mask[mask <= 0] = 0; mask[mask > 0] = 1; dx = dout * mask (the pattern of issue 28, taken for a copy: "mask = x" names the same array), and the cache is the very x the caller passed to relu_forward (the docstring: "cache: the input x of relu_forward"): after the backward pass the caller's x holds 0s and 1s. dx itself is right, on every call (the mask is idempotent), and relu_forward is right and leaves x alone; the damage is to the caller's array: the notebook's x, the pre-activations of affine_relu_forward, anything that reads x after backpropagation (a second forward pass on it, a gradient check run after the backward) sees the mask. The mistake is relu_backward's, not relu_forward's."""
FILE = "deeplearning/layers.py"
EXPECT = {"relu_layer": "relu_backward modified"}  # phrase proposed

import numpy as np


def relu_forward(x):
    out = None
    out = x * (x > 0)
    return out, x


def relu_backward(dout, cache):
    x = cache
    dx = None
    mask = x
    mask[mask <= 0] = 0
    mask[mask > 0] = 1
    dx = dout * mask
    return dx
