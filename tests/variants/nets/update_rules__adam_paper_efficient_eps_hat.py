"""adam in the "more efficient" order given at the end of section 2 of Kingma and Ba (2015): "the efficiency of Algorithm 1 can, at the expense of clarity, be improved by changing the order of computation", alpha_t = alpha * sqrt(1 - beta2^t) / (1 - beta1^t) and theta_t <- theta_{t-1} - alpha_t * m_t / (sqrt(v_t) + epsilon_hat), with the config's epsilon used as epsilon_hat. Difference from the docstring: epsilon is added to sqrt(v), not to sqrt(v_hat), i.e. the effective epsilon of Algorithm 1 becomes eps / sqrt(1 - beta2^t) (about 3.2e-7 at t = 1, tending to 1e-8); everything else is the same."""
FILE = "deeplearning/optim.py"
EXPECT = {}

import math

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
    b1, b2 = config["beta1"], config["beta2"]
    config["t"] += 1
    t = config["t"]
    m = b1 * config["m"] + (1 - b1) * dw
    v = b2 * config["v"] + (1 - b2) * dw * dw
    # fold both bias corrections into the step size (paper, end of section 2)
    alpha_t = config["learning_rate"] * math.sqrt(1 - b2 ** t) / (1 - b1 ** t)
    next_w = w - alpha_t * m / (np.sqrt(v) + config["epsilon"])
    config["m"], config["v"] = m, v
    return next_w, config
