"""sgd_momentum written as torch.optim.SGD does it (PyTorch docs note: "v_{t+1} = mu * v_t + g_{t+1}, p_{t+1} = p_t - lr * v_{t+1} ... This is in contrast to Sutskever et al. and other frameworks which employ an update of the form v = mu * v + lr * g, p = p - v"): the buffer is kept in gradient units, v = mu * v + dw, next_w = w - lr * v. Accepted with a note (the same steps from a fresh config; only the stored velocity's convention differs, so the notebook's one-step check from a given velocity prints a large error): config["velocity"] is documented as the moving average of past steps (the TODO: new velocity = momentum * v - learning_rate * dw), so a given velocity is misread (the notebook's check passes one) and the stored one is -1/lr times too large; with a fresh config and a constant lr the weights follow the same trajectory, but after the Solver's lr_decay the whole buffer is rescaled by the new lr."""
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
    buf = config["momentum"] * v + dw
    next_w = w - config["learning_rate"] * buf
    v = buf

    config["velocity"] = v
    return next_w, config
