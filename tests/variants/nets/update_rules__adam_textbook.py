"""Textbook Adam: t incremented first, m and v updated, mt = m / (1 - beta1**t), vt = v / (1 - beta2**t), then the step."""
FILE = "deeplearning/optim.py"
EXPECT = {}

import numpy as np


def adam(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("t", 0)
    if "m" not in config:
        config["m"], config["v"] = np.zeros_like(w), np.zeros_like(w)

    next_w = None
    lr, beta1, beta2, eps = config["learning_rate"], config["beta1"], config["beta2"], config["epsilon"]
    config["t"] += 1
    t = config["t"]
    m = beta1 * config["m"] + (1 - beta1) * dw
    v = beta2 * config["v"] + (1 - beta2) * (dw ** 2)
    mt = m / (1 - beta1 ** t)
    vt = v / (1 - beta2 ** t)
    next_w = w - lr * mt / (np.sqrt(vt) + eps)
    config["m"] = m
    config["v"] = v
    return next_w, config
