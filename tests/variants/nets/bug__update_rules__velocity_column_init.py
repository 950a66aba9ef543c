"""Bug: sgd_momentum with the given velocity line changed to v = config.get("velocity", np.zeros((len(w), 1))), a column of zeros per row of w (the student thought of the velocity as "one number per unit"), and the update as in the docstring, v = momentum * v - learning_rate * dw; next_w = w + v. For a weight matrix the zero column broadcasts to w's shape on the first step and every later step is right, so the notebook's momentum check on a (N, D) matrix passes; for a bias of shape (H,) the first step broadcasts (H, 1) against (H,) into an (H, H) velocity and returns an (H, H) "bias" (the docstring: next_w has the shape of w), and the net fails at its next forward pass. RMSProp and Adam are right."""
FILE = "deeplearning/optim.py"
EXPECT = {"update_rules": "changed the shape"}  # phrase proposed

import numpy as np


def sgd_momentum(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros((len(w), 1)))

    next_w = None
    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + v

    config["velocity"] = v
    return next_w, config
