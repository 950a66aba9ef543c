"""sgd_momentum in the sign-flipped form of Sutskever et al. / the "other frameworks" quoted in PyTorch's SGD docs (v = mu * v + lr * dw; w = w - v). Accepted with a note (the same steps from a fresh config; only the stored velocity's convention differs, so the notebook's one-step check from a given velocity prints a large error): config["velocity"] is documented as the moving average of past steps (new velocity = momentum * v - learning_rate * dw, next_w = w + new velocity), and this stores its negative, so a velocity passed in (as the notebook's check does) is applied with the wrong sign. From a fresh config the weights follow exactly the reference trajectory (also under lr_decay); only the stored velocity (and any given one) has the opposite sign."""
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
    v = config["momentum"] * v + config["learning_rate"] * dw
    next_w = w - v

    config["velocity"] = v
    return next_w, config
