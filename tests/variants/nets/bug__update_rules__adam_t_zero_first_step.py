"""adam that uses t before incrementing it, as in the lecture-slide loop `for t in range(num_steps): ... moment1 / (1 - beta1 ** t)` (cs231n lecture 7 "Adam (full form)", copied into many students' notes): the bias corrections use the old t and config["t"] is bumped afterwards. Bug: on the first step from a fresh config 1 - beta1**0 = 0, so m_hat and v_hat are inf and next_w is NaN; from a given t it corrects with t instead of t + 1."""
FILE = "deeplearning/optim.py"
EXPECT = {"update_rules": "before it is incremented"}

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
    t = config["t"]
    beta1, beta2 = config["beta1"], config["beta2"]
    moment1 = beta1 * config["m"] + (1 - beta1) * dw
    moment2 = beta2 * config["v"] + (1 - beta2) * dw * dw
    moment1_unbias = moment1 / (1 - beta1 ** t)
    moment2_unbias = moment2 / (1 - beta2 ** t)
    next_w = w - config["learning_rate"] * moment1_unbias / (np.sqrt(moment2_unbias) + config["epsilon"])
    config["m"], config["v"] = moment1, moment2
    config["t"] = t + 1
    return next_w, config
