"""rmsprop that divides the gradient by the cache itself, without the square root: next_w = w - lr * dw / (cache + eps). Bug: cache is a mean of squared gradients, so the step scales like lr / |dw| instead of being normalised to ~lr (huge for small gradients, tiny for large ones). Next to the cs231n notes / PyTorch RMSprop form, which divide by sqrt(cache) + eps."""
FILE = "deeplearning/optim.py"
EXPECT = {"update_rules": "sqrt"}

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
    cache = decay * cache + (1 - decay) * dw ** 2
    next_w = w - config["learning_rate"] * dw / (cache + config["epsilon"])

    config["cache"] = cache
    return next_w, config
