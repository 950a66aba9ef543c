"""adam after the algorithm box of torch.optim.Adam in the PyTorch docs (amsgrad off, no weight decay): m_t <- beta1 m_{t-1} + (1 - beta1) g_t; v_t <- beta2 v_{t-1} + (1 - beta2) g_t^2; m_hat_t <- m_t / (1 - beta1^t); v_hat_t <- v_t / (1 - beta2^t); theta_t <- theta_{t-1} - gamma m_hat_t / (sqrt(v_hat_t) + eps). The student names the state like PyTorch (step, exp_avg, exp_avg_sq), with the bias corrections in variables named like PyTorch's. Same as the docstring; no difference from it."""
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
    lr = config["learning_rate"]
    beta1, beta2, eps = config["beta1"], config["beta2"], config["epsilon"]
    step = config["t"] + 1
    exp_avg = beta1 * config["m"] + (1 - beta1) * dw
    exp_avg_sq = beta2 * config["v"] + (1 - beta2) * dw * dw
    bias_correction1 = 1 - beta1 ** step
    bias_correction2 = 1 - beta2 ** step
    m_hat = exp_avg / bias_correction1
    v_hat = exp_avg_sq / bias_correction2
    next_w = w - lr * m_hat / (np.sqrt(v_hat) + eps)
    config["t"] = step
    config["m"], config["v"] = exp_avg, exp_avg_sq
    return next_w, config
