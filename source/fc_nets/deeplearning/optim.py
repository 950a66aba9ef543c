"""First-order update rules for training neural networks.

Every update rule has the signature

    next_w, config = update(w, dw, config=None)

Inputs:
- w: array of the current weights
- dw: array of the same shape as w, the gradient of the loss with respect to w
- config: dict of hyperparameters (learning rate, ...) and of the state the rule
  keeps between steps (velocity, moment estimates, ...). None means defaults.

Returns:
- next_w: the weights after the update, same shape and dtype as w
- config: the dict to pass to the next call of the same rule for the same w

The Solver keeps one config per parameter, so each parameter has its own state.
"""
import math

import numpy as np


def sgd(w, dw, config=None):
    """Vanilla stochastic gradient descent.

    config:
    - learning_rate: scalar step size (default 1e-2)
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)

    next_w = w - config["learning_rate"] * dw
    return next_w, config


def sgd_momentum(w, dw, config=None):
    """Stochastic gradient descent with momentum.

    config:
    - learning_rate: scalar step size (default 1e-2)
    - momentum: scalar in [0, 1), how much of the previous velocity is kept (default 0.9)
    - velocity: array of the shape of w, the moving average of past steps (starts at 0)
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("momentum", 0.9)
    v = config.get("velocity", np.zeros_like(w))

    next_w = None
    ###########################################################################
    # TODO: Implement the momentum update: the new velocity is                #
    # momentum * v - learning_rate * dw, and next_w = w + (new velocity).     #
    # Store the new velocity in v.                                            #
    ###########################################################################
    ### BEGIN SOLUTION
    v = config["momentum"] * v - config["learning_rate"] * dw
    next_w = w + v
    ### END SOLUTION

    config["velocity"] = v
    return next_w, config


def rmsprop(w, dw, config=None):
    """RMSProp: scale each step by a moving average of the squared gradients.

    config:
    - learning_rate: scalar step size (default 1e-2)
    - decay_rate: scalar in [0, 1), decay of the squared-gradient cache (default 0.99)
    - epsilon: small scalar that avoids dividing by zero (default 1e-8)
    - cache: array of the shape of w, moving average of squared gradients (starts at 0)
    """
    if config is None:
        config = {}
    config.setdefault("learning_rate", 1e-2)
    config.setdefault("decay_rate", 0.99)
    config.setdefault("epsilon", 1e-8)
    cache = config.get("cache", np.zeros_like(w))

    next_w = None
    ###########################################################################
    # TODO: Implement the RMSProp update:                                     #
    #   cache = decay_rate * cache + (1 - decay_rate) * dw**2                 #
    #   next_w = w - learning_rate * dw / (sqrt(cache) + epsilon)             #
    # Store the new cache in `cache`.                                         #
    ###########################################################################
    ### BEGIN SOLUTION
    cache = config["decay_rate"] * cache + (1 - config["decay_rate"]) * dw * dw
    next_w = w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])
    ### END SOLUTION

    config["cache"] = cache
    return next_w, config


def adam(w, dw, config=None):
    """Adam with bias correction (Kingma and Ba, 2015).

    config:
    - learning_rate: scalar step size (default 1e-3)
    - beta1: decay rate of the first-moment estimate m (default 0.9)
    - beta2: decay rate of the second-moment estimate v (default 0.999)
    - epsilon: small scalar that avoids dividing by zero (default 1e-8)
    - m, v: arrays of the shape of w, the moment estimates (start at 0)
    - t: number of steps taken so far (starts at 0; incremented before use)
    """
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
    ###########################################################################
    # TODO: Implement Adam with bias correction. First increment config["t"], #
    # then, with t the new value:                                             #
    #   m = beta1 * m + (1 - beta1) * dw                                      #
    #   v = beta2 * v + (1 - beta2) * dw**2                                   #
    #   m_hat = m / (1 - beta1**t),  v_hat = v / (1 - beta2**t)               #
    #   next_w = w - learning_rate * m_hat / (sqrt(v_hat) + epsilon)          #
    # Store the new m and v in config["m"] and config["v"].                   #
    ###########################################################################
    ### BEGIN SOLUTION
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
    # lr * m_hat / (sqrt(v_hat) + eps), with m_hat = m / (1 - beta1**t) and
    # v_hat = v / (1 - beta2**t), computed as step * m / (sqrt(v) + eps * correction):
    # the bias corrections become two Python floats (which keep a float32 w float32).
    correction = math.sqrt(1 - beta2**t)
    step = config["learning_rate"] * correction / (1 - beta1**t)
    update = np.sqrt(v, out=squared)
    update += config["epsilon"] * correction
    np.divide(m, update, out=update)
    update *= step
    next_w = w - update
    ### END SOLUTION
    return next_w, config
