"""rmsprop as the cs231n "Neural Networks Part 3" notes write it: `cache = decay_rate * cache + (1 - decay_rate) * dx**2` and `x += - learning_rate * dx / (np.sqrt(cache) + eps)`, applied to a float copy of w so the caller's array is untouched. Same formula as the docstring; no difference from it."""
FILE = "deeplearning/optim.py"
EXPECT = {}

import numpy as np


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache", np.zeros_like(w))

    next_w = None
    decay_rate = config["decay_rate"]
    learning_rate = config["learning_rate"]
    eps = config["epsilon"]
    x, dx = np.array(w, copy=True), dw
    cache = decay_rate * cache + (1 - decay_rate) * dx**2
    x += - learning_rate * dx / (np.sqrt(cache) + eps)
    next_w = x

    config["cache"] = cache
    return next_w, config
