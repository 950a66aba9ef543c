"""adam that bias-corrects v with beta1 instead of beta2 (a copy-paste of the m_hat line): v_hat = v / (1 - beta1**t). Bug: at t = 1 v_hat is 0.01 * dw**2 instead of dw**2, so the first step is ~10x too large; the error fades only as beta1**t -> 0. Next to Algorithm 1 of Kingma and Ba (2015), where v_hat = v / (1 - beta2**t)."""
FILE = "deeplearning/optim.py"
EXPECT = {"update_rules": "bias-corrected with beta1"}

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
    beta1, beta2, eps = config["beta1"], config["beta2"], config["epsilon"]
    config["t"] += 1
    t = config["t"]
    config["m"] = beta1 * config["m"] + (1 - beta1) * dw
    config["v"] = beta2 * config["v"] + (1 - beta2) * (dw * dw)
    m_hat = config["m"] / (1 - beta1 ** t)
    v_hat = config["v"] / (1 - beta1 ** t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v_hat) + eps)
    return next_w, config
