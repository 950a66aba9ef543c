"""sgd_momentum that creates the velocity with config.setdefault("velocity", np.zeros_like(w)) (so the zero array lives in config from the first call) and then updates it in place: `v *= mu; v -= lr * dw; next_w = w + v`. Same formula as the docstring; the only difference is that the velocity array in config is updated in place instead of being replaced."""
FILE = "deeplearning/optim.py"
EXPECT = {}

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.setdefault("velocity", np.zeros_like(w))

    next_w = None
    v *= config["momentum"]
    v -= config["learning_rate"] * dw
    next_w = w + v

    config["velocity"] = v
    return next_w, config
