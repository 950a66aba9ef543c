"""rmsprop copied from Hinton's lecture 6e slide with its constants hard-coded: MeanSquare = 0.9 * MeanSquare + 0.1 * dw**2, ignoring config["decay_rate"]. Bug: the assignment's decay_rate (default 0.99, or whatever the caller passes) is never used, so the cache forgets ten times faster than asked and any decay_rate in the config has no effect."""
FILE = "deeplearning/optim.py"
EXPECT = {"update_rules": "decay_rate"}

import numpy as np


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache", np.zeros_like(w))

    next_w = None
    # MeanSquare(w, t) = 0.9 MeanSquare(w, t-1) + 0.1 (dE/dw)^2   (lecture 6e)
    cache = 0.9 * cache + 0.1 * dw ** 2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])

    config["cache"] = cache
    return next_w, config
