"""sgd_momentum that adds the gradient to the velocity (v = mu * v + lr * dw), climbing the loss."""
FILE = "deeplearning/optim.py"
EXPECT = {"update_rules": "sign"}

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))

    next_w = None
    v = config["momentum"] * v + config["learning_rate"] * dw
    next_w = w + v

    config["velocity"] = v
    return next_w, config
