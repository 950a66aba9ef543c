"""sgd_momentum written as v = mu * v - lr * dw; next_w = w + v, reading the hyperparameters with config.get."""
FILE = "deeplearning/optim.py"
EXPECT = {}

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))

    next_w = None
    mu = config.get("momentum")
    lr = config.get("learning_rate")
    v = mu * v - lr * dw
    next_w = w + v

    config["velocity"] = v
    return next_w, config
