"""adam as TensorFlow/Keras implement it: the moments are moved toward the gradient, m += (g - m) * (1 - beta_1) and v += (g^2 - v) * (1 - beta_2) (Keras update_step), and the bias corrections are folded into lr_t = lr * sqrt(1 - beta_2^t) / (1 - beta_1^t), variable -= lr_t * m / (sqrt(v) + epsilon) (tf.raw_ops.ApplyAdam / tf.compat.v1.train.AdamOptimizer formula). The Keras docs say this epsilon "is 'epsilon hat' in the Kingma and Ba paper (in the formula just before Section 2.1), not the epsilon in Algorithm 1". Difference from the docstring: epsilon is added to sqrt(v) instead of sqrt(v_hat) (effective epsilon eps / sqrt(1 - beta2^t)); m and v are updated in place."""
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
    beta_1, beta_2 = config["beta1"], config["beta2"]
    config["t"] += 1
    local_step = config["t"]
    beta_1_power = beta_1 ** local_step
    beta_2_power = beta_2 ** local_step
    m, v = config["m"], config["v"]
    m += (dw - m) * (1 - beta_1)
    v += (np.square(dw) - v) * (1 - beta_2)
    lr_t = config["learning_rate"] * (1 - beta_2_power) ** 0.5 / (1 - beta_1_power)
    next_w = w - lr_t * m / (np.sqrt(v) + config["epsilon"])
    return next_w, config
