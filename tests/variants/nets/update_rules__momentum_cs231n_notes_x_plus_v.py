"""sgd_momentum written the way the cs231n "Neural Networks Part 3" notes write momentum: `v = mu * v - learning_rate * dx` (integrate velocity) then `x += v` (integrate position), with mu and lr pulled into locals; next_w is a new array built from a copy of w. Same formula as the docstring; the only difference is the copy-then-add instead of `w + v`."""
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
    mu = config["momentum"]
    learning_rate = config["learning_rate"]
    # integrate velocity
    v = mu * v - learning_rate * dw
    # integrate position (on a copy so the caller's w is left alone)
    x = w.copy()
    x += v
    next_w = x

    config["velocity"] = v
    return next_w, config
