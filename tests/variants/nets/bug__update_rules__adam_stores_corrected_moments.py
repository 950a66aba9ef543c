"""adam that overwrites the stored moments with their bias-corrected values (config["m"] = m / (1 - beta1**t), likewise v), the mistake answered in the Stack Overflow thread "Understand Adam optimizer intuitively" ("you are erroneously accumulating the bias correction term m/(1-beta_m**i) with the variable m; you should assign a separate variable m_hat"). The step of each call is right for the moments it starts from, but the state is wrong: the correction compounds over the steps (from a fresh config, the second step already differs) and config["m"], config["v"] differ from the docstring's m and v."""
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
    config["m"] = beta1 * config["m"] + (1 - beta1) * dw
    config["v"] = beta2 * config["v"] + (1 - beta2) * dw ** 2
    # bias correction
    config["m"] = config["m"] / (1 - beta1 ** t)
    config["v"] = config["v"] / (1 - beta2 ** t)
    next_w = w - config["learning_rate"] * config["m"] / (np.sqrt(config["v"]) + config["epsilon"])
    return next_w, config
