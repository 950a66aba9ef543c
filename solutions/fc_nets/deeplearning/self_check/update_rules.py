"""Public checks of the update rules (FullyConnectedNets.ipynb): SGD+momentum, RMSProp, Adam.

They check properties that every accepted form of a rule has (the grader compares whole
trajectories with each accepted form): the first step from a fresh config, the state
kept in config, Adam's step count, the dtype.
"""
import math

import numpy as np

from .common import Checks, checked_array, fail, float32_note, rng

checks = Checks("update_rules")

MOMENTUM_SIGN = ("the sign of the gradient term is wrong: the new velocity is momentum * v - learning_rate * dw, "
                 "a step against the gradient")
RMSPROP_DECAY = ("decay_rate weighs the new squared gradient instead of the old cache: "
                 "cache = decay_rate * cache + (1 - decay_rate) * dw**2")
ADAM_BIAS_CORRECTION = "the step lacks the bias correction: m_hat = m / (1 - beta1**t) and v_hat = v / (1 - beta2**t)"
ADAM_T = ("after one step from t = 5, config['t'] should be 6, found {t}: increment t once per call, before the bias "
          "correction")
STATE = {"sgd_momentum": ("velocity",), "rmsprop": ("cache",), "adam": ("m", "v", "t")}
RTOL = 1e-3


def check_first_step(rule, w, dw, next_w, learning_rate):
    """Properties of the first step from a fresh config that every accepted form has: it goes against the gradient,
    by learning_rate * |dw| (SGD+momentum, whose velocity starts at 0) or by about learning_rate per weight
    (RMSProp: lr / sqrt(1 - decay_rate); Adam: lr, thanks to the bias correction).

    Where eps sits changes the first step by about eps / (0.01 |dw|^2) (RMSProp with eps inside the square root),
    eps / |dw| (Adam) or 32 eps / |dw| (Adam's efficient form): below 5e-6 for |dw| >= 0.5, the smallest gradient
    of these inputs, far inside the 1e-3 allowed; the closest mistakes (no bias correction, swapped decay) are off
    by a factor of 3 or 10."""
    step = checked_array(next_w, f"{rule}'s next_w", shape=w.shape) - w
    if np.all(step * dw > 0):
        if rule == "sgd_momentum":
            fail(f"{rule}: {MOMENTUM_SIGN}", "momentum_sign")
        fail(f"{rule}: the step goes along the gradient, not against it", f"{rule}_sign")
    if rule == "sgd_momentum":
        expected = learning_rate * np.abs(dw)
    elif rule == "rmsprop":
        expected = np.full(w.shape, learning_rate / math.sqrt(1 - 0.99))
    else:
        expected = np.full(w.shape, learning_rate)
    if np.allclose(np.abs(step), expected, rtol=RTOL):
        return
    if rule == "adam" and np.allclose(np.abs(step), learning_rate * 0.1 / math.sqrt(0.001), rtol=RTOL):
        fail(f"adam: {ADAM_BIAS_CORRECTION}", "adam_bias_correction")
    if rule == "rmsprop" and np.allclose(np.abs(step), learning_rate / math.sqrt(0.99), rtol=RTOL):
        fail(f"rmsprop: {RMSPROP_DECAY}", "rmsprop_decay_swapped")
    fail(f"{rule}: the first step from a fresh config moves the weights by {np.abs(step).mean():.3g} on average, "
         f"expected {expected.mean():.3g}", f"{rule}_first_step")


def check_keeps_shape(rule, w, next_w, state):
    """next_w and every array of the state have the shape of w: a 1-D bias too (a state started as a column, say
    np.zeros((len(w), 1)), broadcasts a (H,) bias into an (H, H) one)."""
    for what, value in (("next_w", next_w), *((f"config['{key}']", value) for key, value in state.items())):
        if isinstance(value, np.ndarray) and value.dtype.kind in "fiub" and np.shape(value) != np.shape(w):
            fail(f"{rule}: for w of shape {np.shape(w)} (a bias), {what} has shape {np.shape(value)}: the rule "
                 f"changed the shape of w. Start the state with np.zeros_like(w)", f"{rule}_changed_shape")


def _gradient(source, shape):
    """Gradients of magnitude 0.5 to 1.5, away from the scale of epsilon (see check_first_step)."""
    return np.sign(source.randn(*shape)) * (0.5 + source.rand(*shape))


def _first_step(rule):
    from .. import optim

    source = rng()
    w, dw = source.randn(6, 5), _gradient(source, (6, 5))
    next_w, config = getattr(optim, rule)(w.copy(), dw, {"learning_rate": 1e-2})
    check_first_step(rule, w, dw, next_w, 1e-2)
    b, db = source.randn(5), _gradient(source, (5,))
    next_b, b_config = getattr(optim, rule)(b.copy(), db, {"learning_rate": 1e-2})
    check_keeps_shape(rule, b, next_b, {key: b_config.get(key) for key in STATE[rule] if key != "t"})
    return w, dw, config


def _copy(config):
    return {key: np.copy(value) if isinstance(value, np.ndarray) else value for key, value in config.items()}


def _keeps_state(rule):
    from .. import optim

    _, dw, config = _first_step(rule)
    missing = [key for key in STATE[rule] if not isinstance(config, dict) or key not in config]
    if missing:
        fail(f"{rule}: the returned config lacks {', '.join(missing)}: store the state there for the next call",
             f"{rule}_state_not_returned")
    w = rng().randn(6, 5)
    first, _ = getattr(optim, rule)(w.copy(), dw, _copy(config))
    again, _ = getattr(optim, rule)(w.copy(), dw, _copy(config))
    if not np.allclose(first, again):
        fail(f"{rule}: two calls with the same config give different steps: read the state from config only",
             f"{rule}_state_outside_config")


for _rule in STATE:
    checks.add(f"{_rule}: the first step goes against the gradient by the expected amount, for a bias too")(
        lambda rule=_rule: _first_step(rule))
    checks.add(f"{_rule}: the state is returned in config for the next call")(lambda rule=_rule: _keeps_state(rule))


def check_adam_t(t):
    if int(t) != 6:
        fail(ADAM_T.format(t=t), "adam_t_not_incremented")


@checks.add("adam counts its steps in config['t']")
def _adam_t():
    from ..optim import adam

    source = rng()
    w = source.randn(4, 3)
    _, config = adam(w.copy(), _gradient(source, (4, 3)), {"learning_rate": 1e-3, "t": 5, "m": np.zeros_like(w),
                                                           "v": np.zeros_like(w)})
    check_adam_t(config.get("t", -1))


@checks.add("Every rule keeps float32 weights float32", note=True)
def _float32():
    from .. import optim

    source = rng()
    w, dw = source.randn(6, 5).astype(np.float32), source.randn(6, 5).astype(np.float32)
    float32_note({rule: getattr(optim, rule)(w.copy(), dw, {"learning_rate": 1e-2})[0] for rule in STATE},
                 "a float64 array or numpy scalar in the arithmetic upcasts w (use Python floats for the bias "
                 "corrections)")
