"""adam following Algorithm 8.7 of Goodfellow, Bengio and Courville, "Deep Learning" (2016), section 8.5.3, with the book's names: first moment s, second moment r, decay rates rho1 and rho2, constant delta: t <- t + 1; s <- rho1 s + (1 - rho1) g; r <- rho2 r + (1 - rho2) g (.) g; s_hat <- s / (1 - rho1^t); r_hat <- r / (1 - rho2^t); delta_theta = -epsilon * s_hat / (sqrt(r_hat) + delta); theta <- theta + delta_theta. Same as the docstring; no difference from it."""
FILE = "deeplearning/optim.py"
EXPECT = {}

import numpy as np


def adam(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-3)
    config.setdefault("beta1", 0.9)
    config.setdefault("beta2", 0.999)
    config.setdefault("epsilon", 1e-8)
    config.setdefault("t", 0)
    if "m" not in config:
        config["m"], config["v"] = np.zeros_like(w), np.zeros_like(w)

    next_w = None
    rho1, rho2 = config["beta1"], config["beta2"]
    delta = config["epsilon"]
    step_size = config["learning_rate"]
    g = dw
    config["t"] += 1
    t = config["t"]
    s = rho1 * config["m"] + (1 - rho1) * g          # update biased first moment estimate
    r = rho2 * config["v"] + (1 - rho2) * g * g      # update biased second moment estimate
    s_hat = s / (1 - rho1 ** t)                      # correct bias in first moment
    r_hat = r / (1 - rho2 ** t)                      # correct bias in second moment
    delta_theta = -step_size * s_hat / (np.sqrt(r_hat) + delta)
    next_w = w + delta_theta
    config["m"], config["v"] = s, r
    return next_w, config
