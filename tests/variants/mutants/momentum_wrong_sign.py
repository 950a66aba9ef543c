"""sgd_momentum that adds the gradient to the velocity (v = momentum * v + learning_rate * dw) and then steps
w + v: the weights climb the loss."""
FILE = "deeplearning/optim.py"
EXPECT = {"update_rules": "the sign of the gradient term is wrong"}
MISTAKE = "update_rules/momentum_sign"
PUBLIC = True

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
