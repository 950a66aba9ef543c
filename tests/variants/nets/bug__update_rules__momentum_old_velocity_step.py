"""sgd_momentum that moves the weights with the velocity BEFORE updating it: next_w = w + v, then v = mu * v - lr * dw. Bug: the step lags one call behind the gradient; from a fresh config the first step does nothing (v = 0) and every later step uses the previous gradient. Next to Goodfellow et al. Algorithm 8.2, where theta <- theta + v uses the new v."""
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
    next_w = w + v
    v = config["momentum"] * v - config["learning_rate"] * dw

    config["velocity"] = v
    return next_w, config
