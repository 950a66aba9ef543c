"""adam that divides by v_hat itself instead of its square root: next_w = w - lr * m_hat / (v_hat + eps). Bug: the step is no longer scale-invariant, it behaves like lr / |dw| (a 0.01 gradient gives a 100x larger step, a 10 gradient a 10x smaller one). Next to Algorithm 1 of Kingma and Ba (2015), which divides by sqrt(v_hat) + eps."""
FILE = "deeplearning/optim.py"
EXPECT = {"update_rules": "sqrt"}

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
    lr, beta1, beta2, eps = config["learning_rate"], config["beta1"], config["beta2"], config["epsilon"]
    config["t"] += 1
    t = config["t"]
    m = beta1 * config["m"] + (1 - beta1) * dw
    v = beta2 * config["v"] + (1 - beta2) * dw ** 2
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    next_w = w - lr * m_hat / (v_hat + eps)
    config["m"] = m
    config["v"] = v
    return next_w, config
