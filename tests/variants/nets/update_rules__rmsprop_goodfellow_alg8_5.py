"""rmsprop following Algorithm 8.5 of Goodfellow, Bengio and Courville, "Deep Learning" (2016), section 8.5.2: accumulate r <- rho * r + (1 - rho) * g (.) g, compute the update delta_theta = -(epsilon / sqrt(delta + r)) (.) g (the division and the root applied element-wise, delta "about 1e-6" in the book, here the config's epsilon), apply theta <- theta + delta_theta. Difference from the docstring: the small constant is inside the square root, sqrt(eps + r) rather than sqrt(r) + eps."""
FILE = "deeplearning/optim.py"
EXPECT = {}

import numpy as np


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache", np.zeros_like(w))

    next_w = None
    rho = config["decay_rate"]
    delta = config["epsilon"]
    g = dw
    # accumulate squared gradient
    r = rho * cache + (1 - rho) * g * g
    # compute parameter update: -eps / sqrt(delta + r) * g, element-wise
    delta_theta = -(config["learning_rate"] / np.sqrt(delta + r)) * g
    next_w = w + delta_theta
    cache = r

    config["cache"] = cache
    return next_w, config
