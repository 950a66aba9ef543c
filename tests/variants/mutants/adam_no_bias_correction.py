"""Adam without bias correction: the step is learning_rate * m / (sqrt(v) + epsilon), m and v not divided by
1 - beta1**t and 1 - beta2**t, so the first steps are far too small."""
FILE = "deeplearning/optim.py"
EXPECT = {"update_rules": "the step lacks the bias correction"}
MISTAKE = "update_rules/adam_bias_correction"
PUBLIC = True

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
    t, m, v = config["t"], config["m"], config["v"]
    # m and v are updated in place and temporaries are reused: for a large w,
    # allocating new arrays costs more than the arithmetic.
    m *= beta1
    m += (1 - beta1) * dw
    squared = dw * dw
    squared *= 1 - beta2
    v *= beta2
    v += squared
    # step * m / (sqrt(v) + eps * correction), as the answer key computes it, but with the bias corrections left
    # out (correction 1, step the bare learning rate): lr * m / (sqrt(v) + eps).
    correction = 1.0
    step = config["learning_rate"]
    update = np.sqrt(v, out=squared)
    update += config["epsilon"] * correction
    np.divide(m, update, out=update)
    update *= step
    next_w = w - update
    return next_w, config
