"""Adam computed in float64 (np.float64 hyperparameters, dw upcast), so float32 weights come back as float64."""
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
    lr = np.float64(config["learning_rate"])
    beta1, beta2 = np.float64(config["beta1"]), np.float64(config["beta2"])
    eps = np.float64(config["epsilon"])
    g = dw.astype(np.float64)

    config["t"] = config["t"] + 1
    t = config["t"]
    config["m"] = beta1 * config["m"] + (1.0 - beta1) * g
    config["v"] = beta2 * config["v"] + (1.0 - beta2) * np.square(g)
    m_hat = config["m"] / (1.0 - beta1 ** t)
    v_hat = config["v"] / (1.0 - beta2 ** t)
    next_w = w.astype(np.float64) - lr * m_hat / (np.sqrt(v_hat) + eps)
    return next_w, config
