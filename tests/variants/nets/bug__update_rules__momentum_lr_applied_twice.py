"""sgd_momentum that mixes the cs231n form with PyTorch's: the velocity already holds -lr * dw (v = mu * v - lr * dw) but the position update multiplies by the learning rate again, next_w = w + lr * v. Bug: the step is lr**2 * dw-sized (100x too small with lr = 1e-2), so training barely moves. Next to the cs231n notes form (w += v) and torch.optim.SGD (buf = mu * buf + dw; w -= lr * buf), each of which applies lr once."""
FILE = "deeplearning/optim.py"
EXPECT = {"update_rules": "learning rate"}

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))

    next_w = None
    lr = config["learning_rate"]
    v = config["momentum"] * v - lr * dw
    next_w = w + lr * v

    config["velocity"] = v
    return next_w, config
