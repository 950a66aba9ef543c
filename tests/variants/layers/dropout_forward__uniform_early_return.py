"""Dropout that returns early at test time and draws the mask with np.random.uniform(0, 1, x.shape)."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def dropout_forward(x, dropout_param):
    p = dropout_param["p"]
    if dropout_param.get("seed") is not None:
        np.random.seed(dropout_param["seed"])

    if dropout_param["mode"] != "train":
        return x, (dropout_param, None)

    kept = np.random.uniform(0, 1, x.shape) < p
    mask = np.zeros_like(x)
    mask[kept] = 1 / p
    return x * mask, (dropout_param, mask)
