"""rmsprop as Hinton presents it in Coursera "Neural Networks for Machine Learning", lecture 6e ("rmsprop: divide the gradient by a running average of its recent magnitude"): MeanSquare(w, t) = 0.9 MeanSquare(w, t-1) + 0.1 (dE/dw)^2, then divide the gradient by sqrt(MeanSquare(w, t)). The student generalises the slide's 0.9 / 0.1 to decay_rate / (1 - decay_rate) and adds epsilon to the root as the docstring asks. Same as the docstring; no difference from it."""
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
    # running average of the squared gradient (Hinton's MeanSquare)
    rho = config["decay_rate"]
    mean_square = rho * cache + (1.0 - rho) * np.square(dw)
    # divide the gradient by the root of the running average
    rms = np.sqrt(mean_square) + config["epsilon"]
    next_w = w - config["learning_rate"] * (dw / rms)
    cache = mean_square

    config["cache"] = cache
    return next_w, config
