"""sgd_momentum done entirely in place to avoid temporaries: np.multiply(v, mu, out=v), np.subtract(v, lr * dw, out=v), then `w += v` so the caller's weight array itself is updated and returned (as PyTorch's in-place optimizers do with parameters). Same formula as the docstring; differences: the input w and the velocity array passed in config are modified in place, and next_w is the same object as w."""
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
    np.multiply(v, config["momentum"], out=v)
    np.subtract(v, config["learning_rate"] * dw, out=v)
    w += v
    next_w = w

    config["velocity"] = v
    return next_w, config
