"""sgd_momentum following Algorithm 8.2 of Goodfellow, Bengio and Courville, "Deep Learning" (2016), section 8.3.2: with learning rate epsilon and momentum parameter alpha, `v <- alpha * v - epsilon * g` and `theta <- theta + v`. The student keeps the book's names (alpha, eps, g, theta). Identical to the docstring's formula; no difference from it."""
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
    # Deep Learning book, Algorithm 8.2 (SGD with momentum)
    alpha = config["momentum"]        # momentum parameter
    eps = config["learning_rate"]     # learning rate (the book calls it epsilon)
    g = dw                            # gradient estimate
    theta = w
    v = alpha * v - eps * g           # velocity update
    next_w = theta + v                # apply update

    config["velocity"] = v
    return next_w, config
