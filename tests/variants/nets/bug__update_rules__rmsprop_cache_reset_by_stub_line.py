"""rmsprop that updates config["cache"] directly (config["cache"] = decay * cache + ...) and steps with it, but leaves the starter code's last line `config["cache"] = cache` in place, which puts the OLD local cache back. Bug: the squared-gradient average is never carried to the next call and the returned config holds the input cache unchanged. The step of each single call is right for the cache it is given, but from a fresh config the cache stays 0 forever, so every step is lr * dw / (sqrt(0.01 * dw**2) + eps) ~ 10 * lr * sign(dw) instead of shrinking toward lr * dw / rms(dw)."""
FILE = "deeplearning/optim.py"
EXPECT = {"update_rules": "cache"}

import numpy as np


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache", np.zeros_like(w))

    next_w = None
    config["cache"] = config["decay_rate"] * cache + (1 - config["decay_rate"]) * dw * dw
    next_w = w - config["learning_rate"] * dw / (np.sqrt(config["cache"]) + config["epsilon"])

    config["cache"] = cache
    return next_w, config
