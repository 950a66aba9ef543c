"""adam transcribed line by line from Algorithm 1 of Kingma and Ba, "Adam: A Method for Stochastic Optimization" (ICLR 2015): t <- t + 1; m_t <- beta1 * m_{t-1} + (1 - beta1) * g_t; v_t <- beta2 * v_{t-1} + (1 - beta2) * g_t^2; m_hat_t <- m_t / (1 - beta1^t); v_hat_t <- v_t / (1 - beta2^t); theta_t <- theta_{t-1} - alpha * m_hat_t / (sqrt(v_hat_t) + epsilon), with the paper's names (alpha, g, theta, m_t, v_t). Same as the docstring; no difference from it."""
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
    alpha = config["learning_rate"]
    beta1, beta2, epsilon = config["beta1"], config["beta2"], config["epsilon"]
    theta, g = w, dw

    config["t"] = config["t"] + 1                              # t <- t + 1
    t = config["t"]
    m_t = beta1 * config["m"] + (1 - beta1) * g                # biased first moment
    v_t = beta2 * config["v"] + (1 - beta2) * np.square(g)     # biased second raw moment
    m_hat_t = m_t / (1 - beta1 ** t)                           # bias-corrected first moment
    v_hat_t = v_t / (1 - beta2 ** t)                           # bias-corrected second moment
    next_w = theta - alpha * m_hat_t / (np.sqrt(v_hat_t) + epsilon)

    config["m"] = m_t
    config["v"] = v_t
    return next_w, config
