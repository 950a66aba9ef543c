"""sgd_momentum that computes the new velocity in another variable, so config['velocity'] keeps the old one."""
FILE = "deeplearning/optim.py"
EXPECT = {"update_rules": "velocity"}

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))

    next_w = None
    velocity = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + velocity

    config["velocity"] = v
    return next_w, config
