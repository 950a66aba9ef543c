"""adam (Kingma and Ba 2015, Algorithm 1, as in the docstring) that keeps the step counter as a numpy integer: t is converted with np.int64 and incremented with np.add, so config["t"] is an np.int64 rather than a Python int after the first call. With a numpy t the bias corrections beta**t are numpy float64 scalars, which under NumPy 2 promotion would turn a float32 w into float64, so the student casts next_w back to w.dtype at the end. Differences from the docstring: the type of config["t"] (np.int64, equal in value) and the float64 arithmetic before the final cast."""
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
    t = np.add(np.int64(config["t"]), 1)
    config["t"] = t
    beta1, beta2 = config["beta1"], config["beta2"]
    m = beta1 * config["m"] + (1 - beta1) * dw
    v = beta2 * config["v"] + (1 - beta2) * (dw ** 2)
    m_hat = m / (1 - beta1 ** t)
    v_hat = v / (1 - beta2 ** t)
    update = config["learning_rate"] * m_hat / (np.sqrt(v_hat) + config["epsilon"])
    next_w = (w - update).astype(w.dtype, copy=False)
    config["m"] = m
    config["v"] = v
    return next_w, config
