"""adam that bias-corrects the first moment but forgets the second: the step is lr * m_hat / (sqrt(v) + eps) with m_hat = m / (1 - beta1**t) and the raw v. Bug: v is biased toward 0 in early steps (v_1 = 0.001 * dw**2), so the first steps are up to 1/sqrt(1 - beta2) ~ 32x too large. Next to Algorithm 1 of Kingma and Ba (2015), which corrects both moments."""
FILE = "deeplearning/optim.py"
EXPECT = {"update_rules": "bias correction"}

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
    m = beta1 * config["m"] + (1 - beta1) * dw
    v = beta2 * config["v"] + (1 - beta2) * dw ** 2
    m_hat = m / (1 - beta1 ** t)
    next_w = w - config["learning_rate"] * m_hat / (np.sqrt(v) + config["epsilon"])
    config["m"], config["v"] = m, v
    return next_w, config
