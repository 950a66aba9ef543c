"""Inverted dropout translated from the PyTorch torch.nn.Dropout docs, where p is "probability of an element to be zeroed" and "the outputs are scaled by a factor of 1/(1-p) during training": the student writes a helper in PyTorch's terms (zero with probability rate, keep with a Bernoulli(1 - rate) draw from np.random.binomial, scale by 1 / (1 - rate)) and calls it with rate = 1 - p, since here p is the KEEP probability. 1 - (1 - p) and 1 / (1 - rate) can differ from p and 1 / p by one rounding (about 1e-16 relative); the binomial draws come from numpy's global generator, so the seed still makes the mask reproducible, but the mask differs from the docstring's np.random.rand call."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def _zero_with_rate(shape, rate, dtype):
    """Mask of torch.nn.Dropout(p=rate): 0 with probability rate, 1/(1-rate) otherwise."""
    survive = 1.0 - rate
    bernoulli = np.random.binomial(1, survive, size=shape)
    return (bernoulli / survive).astype(dtype)


def dropout_forward(x, dropout_param):
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None

    if mode == "train":
        # PyTorch's p is the drop rate; ours is the keep probability
        drop_rate = 1.0 - p
        mask = _zero_with_rate(x.shape, drop_rate, x.dtype)
        out = x * mask
    elif mode == "test":
        out = x
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)
