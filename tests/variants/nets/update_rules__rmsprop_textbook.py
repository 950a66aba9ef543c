"""Textbook RMSProp: cache = decay * cache + (1 - decay) * dw**2; next_w = w - lr * dw / (np.sqrt(cache) + eps)."""
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
    decay = config["decay_rate"]
    lr = config["learning_rate"]
    eps = config["epsilon"]
    cache = decay * cache + (1 - decay) * dw**2
    next_w = w - lr * dw / (np.sqrt(cache) + eps)

    config["cache"] = cache
    return next_w, config
