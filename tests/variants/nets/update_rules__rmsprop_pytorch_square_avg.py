"""rmsprop written after torch.optim.RMSprop (PyTorch docs, algorithm box: v_t = alpha * v_{t-1} + (1 - alpha) * g_t^2, theta_t = theta_{t-1} - gamma * g_t / (sqrt(v_t) + eps); the older docstring notes that "the implementation here takes the square root of the gradient average before adding epsilon (note that TensorFlow interchanges these two operations)"). The student mimics the in-place tensor calls square_avg.mul_(alpha).addcmul_(g, g, value=1 - alpha) and param.addcdiv_(g, avg, value=-lr) with numpy out= arguments. Same formula as the docstring; the cache array passed in config is updated in place."""
FILE = "deeplearning/optim.py"
EXPECT = {}

import numpy as np


def rmsprop(w, dw, config=None):
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache", np.zeros_like(w))

    next_w = None
    alpha = config["decay_rate"]
    square_avg = cache
    # square_avg.mul_(alpha).addcmul_(grad, grad, value=1 - alpha)
    np.multiply(square_avg, alpha, out=square_avg)
    square_avg += (1 - alpha) * dw * dw
    # avg = square_avg.sqrt().add_(eps)
    avg = np.sqrt(square_avg)
    avg += config["epsilon"]
    # param.addcdiv_(grad, avg, value=-lr)
    next_w = w.copy()
    next_w += -config["learning_rate"] * (dw / avg)
    cache = square_avg

    config["cache"] = cache
    return next_w, config
