"""rmsprop as TensorFlow/Keras documents it (tf.keras.optimizers.RMSprop, TF 2.x docs: mean_square_t = rho * mean_square_{t-1} + (1 - rho) * gradient**2, mom_t = momentum * mom_{t-1} + learning_rate * gradient / sqrt(mean_square_t + epsilon), variable -= mom_t; here momentum = 0). Difference from the docstring: epsilon is added INSIDE the square root, sqrt(cache + eps) instead of sqrt(cache) + eps (PyTorch's docs note that TensorFlow "interchanges these two operations"); with eps = 1e-8 this changes the step only where cache is below ~1e-6."""
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
    rho = config["decay_rate"]
    lr = config["learning_rate"]
    eps = config["epsilon"]
    mean_square = rho * cache + (1 - rho) * np.square(dw)
    increment = lr * dw / np.sqrt(mean_square + eps)
    next_w = w - increment
    cache = mean_square

    config["cache"] = cache
    return next_w, config
