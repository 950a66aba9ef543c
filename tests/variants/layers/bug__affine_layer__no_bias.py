"""Affine forward that returns x.reshape(N, -1) @ w and never adds the bias b."""
FILE = "deeplearning/layers.py"
EXPECT = {"affine_layer": "lacks the bias"}

import numpy as np


def affine_forward(x, w, b):
    N = x.shape[0]
    out = np.dot(x.reshape(N, -1), w)
    return out, (x, w, b)
