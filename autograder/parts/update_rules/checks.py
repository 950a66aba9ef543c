"""SGD+momentum, RMSProp and Adam: the notebook's expected step, several steps with state, dtype."""
import numpy as np
import pytest

from autograder.parts.checking import check_float32, fail, public, rel_error
from autograder.parts.update_rules.probes import STATE, notebook_config

PART = "update_rules"
# The largest relative error of the notebook's step the notebook accepts, per rule.
NOTEBOOK_TOLERANCE = {"sgd_momentum": 1e-7, "rmsprop": 1e-6, "adam": 1e-6}


def reference_steps(reference, rule, inputs, dtype=np.float64, steps=None):
    update = getattr(reference["optim"], rule)
    w, config = inputs["w"].astype(dtype), {"learning_rate": 1e-2}
    for dw in inputs["dws"].astype(dtype)[:steps]:
        w, config = update(w, dw, config)
    return w, config


def _momentum_wrong_sign(w, dw, config):
    v = config["momentum"] * config["velocity"] + config["learning_rate"] * dw
    return w + v


def _rmsprop_decay_swapped(w, dw, config):
    cache = (1 - config["decay_rate"]) * config["cache"] + config["decay_rate"] * dw * dw
    return w - config["learning_rate"] * dw / (np.sqrt(cache) + config["epsilon"])


def _adam_without_bias_correction(w, dw, config):
    m = config["beta1"] * config["m"] + (1 - config["beta1"]) * dw
    v = config["beta2"] * config["v"] + (1 - config["beta2"]) * dw * dw
    return w - config["learning_rate"] * m / (np.sqrt(v) + config["epsilon"])


# Usual mistakes, recognized on the notebook's step: rule -> [(the mistaken rule, the message)].
MISTAKES = {
    "sgd_momentum": [(_momentum_wrong_sign, public.MOMENTUM_SIGN)],
    "rmsprop": [(_rmsprop_decay_swapped, public.RMSPROP_DECAY)],
    "adam": [(_adam_without_bias_correction, public.ADAM_BIAS_CORRECTION)],
}
DEFAULTS = {"momentum": 0.9, "decay_rate": 0.99, "epsilon": 1e-8, "beta1": 0.9, "beta2": 0.999}


def check_notebook_step(grading, reference, rule):
    """One step from the notebook's weights and state, against the reference rule."""
    inputs = grading.inputs(PART)
    w, config = getattr(reference["optim"], rule)(inputs["notebook_w"].copy(), inputs["notebook_dw"],
                                                   config=notebook_config(inputs, rule))
    out = grading.outputs(PART, "update_rules_notebook")
    tolerance = NOTEBOOK_TOLERANCE[rule]
    for key, want in {"w": w, **{key: config[key] for key in STATE[rule]}}.items():
        got = grading.array(out, f"{rule}_{key}", like=want, what=f"{rule}'s {key}")
        error = rel_error(got, want)
        if not error < tolerance:
            for mistake, message in MISTAKES[rule] if key == "w" else ():
                guess = mistake(inputs["notebook_w"], inputs["notebook_dw"],
                                {**DEFAULTS, **notebook_config(inputs, rule)})
                if rel_error(got, guess) < tolerance:
                    fail(f"{rule}: {message}")
            fail(f"{rule}: {key} after the notebook's step has relative error {error:.1e} (should be below "
                 f"{tolerance:g})")


def check_rule(grading, reference, rule):
    """Several steps, each fed the config the previous one returned."""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, f"update_rules_{rule}")
    w, config = reference_steps(reference, rule, inputs)
    got = grading.array(out, "steps_w", like=w, what=f"w after {len(inputs['dws'])} steps of {rule}")
    if rel_error(got, w) > 1e-8:
        fail(f"{rule}: the weights differ from the rule's result after several steps (relative error "
             f"{rel_error(got, w):.1e}) although the first step is right: check that the state in config is updated "
             f"and returned for the next call")
    for key in STATE[rule]:
        state = grading.array(out, f"steps_config_{key}", like=w, what=f"config['{key}']")
        if rel_error(state, config[key]) > 1e-8:
            fail(f"{rule}: config['{key}'] after several steps differs from the expected state")


@pytest.mark.points(3)
def test_sgd_momentum(grading, reference):
    """SGD+momentum: the notebook's step (error below 1e-8) and several steps with its velocity"""
    check_notebook_step(grading, reference, "sgd_momentum")
    check_rule(grading, reference, "sgd_momentum")


@pytest.mark.points(3)
def test_rmsprop(grading, reference):
    """RMSProp: the notebook's step (error below 1e-7) and several steps with its cache"""
    check_notebook_step(grading, reference, "rmsprop")
    check_rule(grading, reference, "rmsprop")


@pytest.mark.points(3)
def test_adam(grading, reference):
    """Adam with bias correction: the notebook's step (error below 1e-6), t incremented, several steps"""
    out = grading.outputs(PART, "update_rules_notebook")
    t = grading.array(out, "adam_t", shape=(), what="config['t']")
    if int(t) != 6:
        fail(f"after one step from t = 5, config['t'] should be 6, found {t}: increment t once per call, "
             f"before the bias correction")
    check_notebook_step(grading, reference, "adam")
    check_rule(grading, reference, "adam")


@pytest.mark.points(0)
def test_float32_stays_float32(grading):
    """Every rule keeps float32 weights float32"""
    for rule in STATE:
        check_float32(grading, PART, f"update_rules_{rule}", ["float32_w"],
                      f"{rule} upcasts w: a float64 array or numpy scalar in the arithmetic does (use Python floats "
                      f"for the bias corrections)")
