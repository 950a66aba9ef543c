"""adam (Kingma and Ba 2015, Algorithm 1: m_hat = m / (1 - beta1^t), v_hat = v / (1 - beta2^t), step lr * m_hat / (sqrt(v_hat) + eps)) written to allocate as little as possible: m and v are updated in place with np.multiply(..., out=...) and np.add(..., out=...), the bias-corrected moments go into scratch arrays, and the step is subtracted from the caller's w in place (`w -= step`), which is then returned. Same formula as the docstring; differences: the m and v arrays in config and the input w are modified in place, next_w is the same object as w."""
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
    beta1, beta2 = config["beta1"], config["beta2"]
    config["t"] += 1
    t = config["t"]
    m, v = config["m"], config["v"]
    np.multiply(m, beta1, out=m)
    np.add(m, (1 - beta1) * dw, out=m)
    np.multiply(v, beta2, out=v)
    np.add(v, (1 - beta2) * np.square(dw), out=v)
    m_hat = np.divide(m, 1 - beta1 ** t)
    denom = np.divide(v, 1 - beta2 ** t)
    np.sqrt(denom, out=denom)
    np.add(denom, config["epsilon"], out=denom)
    np.divide(m_hat, denom, out=m_hat)
    np.multiply(m_hat, config["learning_rate"], out=m_hat)
    w -= m_hat
    next_w = w
    return next_w, config
