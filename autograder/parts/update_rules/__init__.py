"""SGD+momentum, RMSProp and Adam (FullyConnectedNets.ipynb).

FORMULATIONS lists, for each rule, every form the checks accept, with where it comes
from; MISTAKES the wrong forms they name. Each is one step of the rule, written as a
pure function step(w, dw, config) -> (next_w, state), where config holds the
hyperparameters and the state in that form's own convention (the sign-flipped or
PyTorch momentum keeps its velocity differently, but walks the same path from a fresh
config). They never leave the grader: the public checks test properties instead.
"""
import math

import numpy as np

from autograder.parts.public_checks import common, public_part
from autograder.parts.spec import Spec

PUBLIC = public_part("update_rules")


def defaults(optim):
    """The hyperparameters (momentum, decay_rate, epsilon, beta1, beta2) a rule of the optim module uses where config
    lacks them: what the reference's rules put into an empty config (their docstrings document them)."""
    found = {}
    for rule in PUBLIC.STATE:
        _, config = getattr(optim, rule)(np.zeros(1), np.zeros(1), {})
        found.update({key: value for key, value in config.items()
                      if key not in ("learning_rate", *PUBLIC.STATE[rule]) and np.isscalar(value)})
    return found


def inputs(rng):
    def grid(start, stop):
        return np.linspace(start, stop, num=20).reshape(4, 5)

    notebook = {  # the notebook's one-step checks
        "w": grid(-0.4, 0.6), "dw": grid(-0.6, 0.4),
        "sgd_momentum_learning_rate": 1e-3, "sgd_momentum_velocity": grid(0.6, 0.9),
        "rmsprop_learning_rate": 1e-2, "rmsprop_cache": grid(0.6, 0.9),
        "adam_learning_rate": 1e-2, "adam_m": grid(0.6, 0.9), "adam_v": grid(0.7, 0.5), "adam_t": 5,
    }
    return {"w": rng.randn(6, 8), "dws": rng.randn(5, 6, 8), "b": rng.randn(8), "dbs": rng.randn(5, 8),
            **{f"notebook_{key}": np.asarray(value) for key, value in notebook.items()}}


# ------------------------------------------------------------------ one step of each form
def _momentum(sign, units):
    """v = mu * v - lr * dw; w += v (sign -1, the docstring), or v = mu * v + lr * dw; w -= v (sign +1), or in
    gradient units (PyTorch): b = mu * b + dw; w -= lr * b."""
    def step(w, dw, c):
        v = c["momentum"] * c.get("velocity", 0.0) + (dw if units == "gradient" else sign * c["learning_rate"] * dw)
        return (w - c["learning_rate"] * v if units == "gradient" else w - sign * v), {"velocity": v}
    return step


def _rmsprop(eps_inside, root=np.sqrt):
    def step(w, dw, c):
        cache = c["decay_rate"] * c.get("cache", 0.0) + (1 - c["decay_rate"]) * dw * dw
        scale = root(cache + c["epsilon"]) if eps_inside else root(cache) + c["epsilon"]
        return w - c["learning_rate"] * dw / scale, {"cache": cache}
    return step


def _momentum_mistake(kind):
    """Mistakes of the docstring's form: stepping with the old velocity, or with learning_rate * v."""
    def step(w, dw, c):
        old = c.get("velocity", 0.0)
        v = c["momentum"] * old - c["learning_rate"] * dw
        return (w + old if kind == "old_velocity" else w + c["learning_rate"] * v), {"velocity": v}
    return step


def _adam(form, t_first=True, bias_correction=True, store_corrected=False, root=np.sqrt, v_correction="beta2"):
    """form: 'docstring' (Kingma and Ba, Algorithm 1), 'efficient' (their section 2: eps added to sqrt(v), the bias
    corrections folded into the step) or 'eps_inside' (sqrt(v_hat + eps)). t_first=False: the mistake of
    correcting with t before it is incremented."""
    def step(w, dw, c):
        b1, b2, eps, lr = c["beta1"], c["beta2"], c["epsilon"], c["learning_rate"]
        t = c.get("t", 0) + 1
        used = t if t_first else t - 1
        m = b1 * c.get("m", 0.0) + (1 - b1) * dw
        v = b2 * c.get("v", 0.0) + (1 - b2) * dw * dw
        c1, c2 = (1 - b1**used, 1 - b2**used) if bias_correction else (1.0, 1.0)
        c2 = {"beta2": c2, "beta1": 1 - b1**used, None: 1.0}[v_correction]
        if form == "efficient":
            next_w = w - lr * math.sqrt(c2) / c1 * m / (np.sqrt(v) + eps)
        elif form == "eps_inside":
            next_w = w - lr * (m / c1) / np.sqrt(v / c2 + eps)
        else:
            next_w = w - lr * (m / c1) / (root(v / c2) + eps)
        if store_corrected:
            m, v = m / c1, v / c2
        return next_w, {"m": m, "v": v, "t": t}
    return step


# Accepted forms. Tolerance (checks.py, 1e-10 norm-relative), measured at the grader's inputs (w and five gradients
# drawn from randn, learning rate 1e-2): forms algebraically equal to one of these (in-place updates, cached bias
# corrections, another order of the arithmetic) agree with it to rounding (the reference against the docstring's
# Adam: 8e-18 after 5 steps); the accepted forms differ from each other by 3e-8 (Adam), 4e-5 (RMSProp: eps inside
# the square root matters where |dw| is small) and 0 to 4e-18 (the momentum forms walk the same path, but keep
# their velocity in another convention, compared as such); the named mistakes differ by 4e-2 or more.
FORMULATIONS = {  # by check: test_<rule>
    "test_sgd_momentum": [
        common.Formulation("v = momentum * v - learning_rate * dw; next_w = w + v", "the docstring; cs231n notes; "
                           "Goodfellow et al., Deep Learning, Algorithm 8.2", _momentum(-1, "step"), docstring=True),
        common.Formulation("v = momentum * v + learning_rate * dw; next_w = w - v (the velocity keeps the opposite "
                           "sign)", "a common textbook form (e.g. Sutskever et al. 2013 with the sign inside v)",
                           _momentum(+1, "step")),
        common.Formulation("v = momentum * v + dw; next_w = w - learning_rate * v (the velocity in gradient units)",
                           "PyTorch's torch.optim.SGD with momentum", _momentum(+1, "gradient")),
    ],
    "test_rmsprop": [
        common.Formulation("next_w = w - learning_rate * dw / (sqrt(cache) + epsilon)", "the docstring; Hinton's "
                           "lecture 6e; PyTorch's torch.optim.RMSprop", _rmsprop(eps_inside=False), docstring=True),
        common.Formulation("epsilon inside the square root: dw / sqrt(cache + epsilon)", "TensorFlow/Keras RMSprop; "
                           "Goodfellow et al., Deep Learning, Algorithm 8.5", _rmsprop(eps_inside=True)),
    ],
    "test_adam": [
        common.Formulation("m_hat / (sqrt(v_hat) + epsilon)", "the docstring; Kingma and Ba 2015, Algorithm 1; "
                           "PyTorch's torch.optim.Adam", _adam("docstring"), docstring=True),
        common.Formulation("the efficient form: learning_rate * sqrt(1 - beta2**t) / (1 - beta1**t) * m / (sqrt(v) "
                           "+ epsilon)", "Kingma and Ba 2015, section 2; TensorFlow's epsilon-hat", _adam("efficient")),
        common.Formulation("epsilon inside the square root: m_hat / sqrt(v_hat + epsilon)", "a common variant",
                           _adam("eps_inside")),
    ],
}
MISTAKES = {
    "sgd_momentum": [common.Mistake("momentum_sign", PUBLIC.MOMENTUM_SIGN,
                                    lambda w, dw, c: _momentum(-1, "step")(w, -dw, c)),
                     common.Mistake("momentum_old_velocity", "the step uses the velocity from before its update: first "
                                    "v = momentum * v - learning_rate * dw, then next_w = w + v",
                                    _momentum_mistake("old_velocity")),
                     common.Mistake("momentum_learning_rate_twice", "the learning rate is applied twice: v already "
                                    "holds it (v = momentum * v - learning_rate * dw), so next_w = w + v",
                                    _momentum_mistake("learning_rate_twice"))],
    "rmsprop": [common.Mistake("rmsprop_decay_swapped", PUBLIC.RMSPROP_DECAY,
                               lambda w, dw, c: _rmsprop(False)(w, dw, {**c, "decay_rate": 1 - c["decay_rate"]})),
                common.Mistake("rmsprop_no_sqrt", "the step divides by the cache, not by its square root: "
                               "dw / (np.sqrt(cache) + epsilon)", _rmsprop(False, root=lambda z: z)),
                common.Mistake("rmsprop_decay_ignored", "the decay rate is a constant in your code (0.9): read "
                               "config['decay_rate']", lambda w, dw, c: _rmsprop(False)(w, dw, {**c, "decay_rate": 0.9}))],
    "adam": [common.Mistake("adam_bias_correction", PUBLIC.ADAM_BIAS_CORRECTION, _adam("docstring",
                                                                                      bias_correction=False)),
             common.Mistake("adam_v_not_corrected", "only m is bias-corrected: the bias correction also divides v by "
                            "(1 - beta2**t)", _adam("docstring", v_correction=None)),
             common.Mistake("adam_v_corrected_with_beta1", "v is bias-corrected with beta1: v_hat = v / (1 - beta2**t)",
                            _adam("docstring", v_correction="beta1")),
             common.Mistake("adam_no_sqrt", "the step divides by v_hat, not by its square root: m_hat / (np.sqrt(v_hat) "
                            "+ epsilon)", _adam("docstring", root=lambda z: z)),
             common.Mistake("adam_t_after_use", "the bias correction uses t before it is incremented: increment "
                            "config['t'] first, then correct with the new t", _adam("docstring", t_first=False)),
             common.Mistake("adam_corrected_moments_stored", "config['m'] and config['v'] hold the bias-corrected "
                            "moments: store m and v themselves; the bias correction only scales the step",
                            _adam("docstring", store_corrected=True))],
}


SPEC = Spec(
    title="Update rules",
    seconds=0.05,
    memory_mb=17.3,
    inputs=inputs,
    formulations=FORMULATIONS,
)
