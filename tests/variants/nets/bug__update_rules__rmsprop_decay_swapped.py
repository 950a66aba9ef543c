"""rmsprop with the decay weights swapped: cache = (1 - decay) * cache + decay * dw**2."""
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
    decay = config["decay_rate"]
    cache = (1 - decay) * cache + decay * dw**2
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])

    config["cache"] = cache
    return next_w, config
