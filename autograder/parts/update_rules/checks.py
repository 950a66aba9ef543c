"""SGD+momentum, RMSProp and Adam: the notebook's step and five steps with state, each against every accepted form
of the rule (FORMULATIONS in this folder's __init__); another accepted form than the docstring's, and float64
results for float32 weights, are notes."""
import numpy as np
import pytest

from autograder.parts.checking import check_float32, common, fail, norm_error
from autograder.layout import reference_module
from autograder.parts.update_rules import FORMULATIONS, MISTAKES, PUBLIC, defaults
from autograder.parts.update_rules.probes import _array_state, _notebook_config

DEFAULTS = defaults(reference_module("optim"))
STATE = _array_state()  # the arrays each rule keeps in its config (the reference package's public checks say them)

PART = "update_rules"
TOLERANCE = 1e-10  # see FORMULATIONS: equal forms agree to rounding (1e-17), accepted forms differ by 3e-8 or more


def notebook_step(step, inputs, rule):
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        return step(inputs["notebook_w"], inputs["notebook_dw"], {**DEFAULTS, **_notebook_config(inputs, rule)})


def five_steps(step, inputs, forget=None):
    """The weights and the state after the probe's steps from a fresh config (forget: a state key the rule does not
    keep from one call to the next, a mistake)."""
    w, state = inputs["w"], {}
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):  # a mistake's steps may divide by zero
        for dw in inputs["dws"]:
            kept = {key: value for key, value in state.items() if key != forget}
            w, state = step(w, dw, {**DEFAULTS, "learning_rate": 1e-2, **kept})
    return w, state


def matches(got, want):
    """got ({key: array}) equals want within TOLERANCE wherever want has the key."""
    return all(key in got and np.shape(got[key]) == np.shape(value) and norm_error(got[key], value) < TOLERANCE
               for key, value in want.items())


def student_result(grading, out, w_key, state_keys, rule, like):
    """{"w": next_w, state key: its array} that a probe saved (state_keys: {state key: the probe's key for it})."""
    found = {"w": grading.array(out, w_key, like=like, what=f"{rule}'s next_w")}
    for key, saved in state_keys.items():
        if saved in out:
            found[key] = grading.array(out, saved, like=like, what=f"{rule}'s config['{key}']")
    return found


def judge(rule, got, results, what):
    """The accepted form that got matches ({form or mistake: (next_w, state)} in results); fails naming the mistake it
    matches, or else the closest form or mistake."""
    def state_of(result):
        return {key: result[1][key] for key in STATE[rule] if key in result[1]}

    def same_w(result):
        return np.shape(result[0]) == np.shape(got["w"]) and np.all(np.isfinite(result[0])) and norm_error(
            got["w"], result[0]) < TOLERANCE

    forms = FORMULATIONS[f"test_{rule}"]
    for form in forms:
        if matches(got, {"w": results[form][0], **state_of(results[form])}):
            return form
    mistakes = [candidate for candidate in results if isinstance(candidate, common.Mistake)]
    for mistake in mistakes:  # the weights and the state of a known mistake
        if matches(got, {"w": results[mistake][0], **state_of(results[mistake])}):
            fail(f"{rule}: {mistake.message}", mistake.id)
    for mistake in mistakes:  # its weights, where no accepted form has them
        if same_w(results[mistake]) and not any(same_w(results[form]) for form in forms):
            fail(f"{rule}: {mistake.message}", mistake.id)
    if any(same_w(results[form]) for form in forms):
        fail(f"{rule}: {what} the weights are right but config's state differs from what the rule keeps: store the "
             f"new state ({', '.join(STATE[rule])}) in config", f"{rule}_wrong_state")
    distances = {form: norm_error(got["w"], results[form][0]) for form in forms
                 if np.all(np.isfinite(results[form][0])) and np.shape(results[form][0]) == np.shape(got["w"])}
    near = min(distances, key=distances.get, default=None)
    hint = f" (the closest is {near.name}: relative error {distances[near]:.1e})" if near is not None else ""
    fail(f"{rule}: {what} the weights match no accepted form of the rule{hint}", f"{rule}_wrong_step")


def check_notebook_step(grading, rule):
    """One step from the notebook's weights and state."""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "update_rules_notebook")
    candidates = [*FORMULATIONS[f"test_{rule}"], *MISTAKES[rule]]
    results = {candidate: notebook_step(candidate.compute, inputs, rule) for candidate in candidates}
    got = student_result(grading, out, f"{rule}_w", {key: f"{rule}_{key}" for key in STATE[rule]}, rule,
                         inputs["notebook_w"])
    return judge(rule, got, results, "after the notebook's step from its state,")


def check_steps(grading, rule):
    """Five steps, each fed the config the previous one returned: of a weight matrix, and of a bias (1-D: a state
    that does not start with w's shape changes its shape)."""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, f"update_rules_{rule}")
    PUBLIC.check_keeps_shape(rule, inputs["b"], out.get("bias_w"),
                             {key: out.get(f"bias_config_{key}") for key in STATE[rule]})
    judge_steps(grading, rule, {"w": inputs["b"], "dws": inputs["dbs"]}, out, "bias_", " for a bias")
    return judge_steps(grading, rule, inputs, out, "steps_", "")


def judge_steps(grading, rule, inputs, out, prefix, what):
    docstring = FORMULATIONS[f"test_{rule}"][0]
    forgetting = [common.Mistake(f"{rule}_{key}_not_kept", f"config['{key}'] is not kept from one call to the next "
                                 f"(the steps match a rule that starts every call with a fresh {key}): store the new "
                                 f"{key} in config and return it", docstring.compute) for key in STATE[rule]]
    results = {candidate: five_steps(candidate.compute, inputs) for candidate in [*FORMULATIONS[f"test_{rule}"], *MISTAKES[rule]]}
    results.update({mistake: five_steps(mistake.compute, inputs, forget=key)
                    for mistake, key in zip(forgetting, STATE[rule])})
    got = student_result(grading, out, f"{prefix}w", {key: f"{prefix}config_{key}" for key in STATE[rule]}, rule,
                         inputs["w"])
    return judge(rule, got, results, f"after {len(inputs['dws'])} steps from a fresh config{what},")


@pytest.mark.points(3)
def test_sgd_momentum(grading):
    """SGD+momentum: the notebook's step and several steps with its velocity (any accepted form)"""
    check_notebook_step(grading, "sgd_momentum")
    check_steps(grading, "sgd_momentum")


@pytest.mark.points(3)
def test_rmsprop(grading):
    """RMSProp: the notebook's step and several steps with its cache (any accepted form)"""
    check_notebook_step(grading, "rmsprop")
    check_steps(grading, "rmsprop")


@pytest.mark.points(3)
def test_adam(grading):
    """Adam with bias correction: the notebook's step, t incremented, several steps (any accepted form)"""
    out = grading.outputs(PART, "update_rules_notebook")
    PUBLIC.check_adam_t(grading.array(out, "adam_t", shape=(), what="config['t']"))
    check_notebook_step(grading, "adam")
    check_steps(grading, "adam")


@pytest.mark.points(0)
def test_rules_are_the_docstrings(grading):
    """Every rule is computed in the docstring's form"""
    found = {}
    for rule in STATE:
        try:
            found[f"your {rule}"] = check_steps(grading, rule)
        except pytest.fail.Exception:
            continue  # charged in the rule's own check
    try:
        common.formulation_note(found)
    except common.CheckFailed as note:
        momentum = found.get("your sgd_momentum")
        if momentum is not None and not momentum.docstring:
            fail(f"{note} The notebook's one-step check gives sgd_momentum a velocity in the docstring's convention, "
                 f"so it prints a large error for your form: that is expected", note.mistake)
        raise


@pytest.mark.points(0)
def test_float32_stays_float32(grading):
    """Every rule keeps float32 weights float32"""
    for rule in STATE:
        check_float32(grading, PART, f"update_rules_{rule}", ["float32_w"],
                      f"{rule} upcasts w: a float64 array or numpy scalar in the arithmetic does (use Python floats "
                      f"for the bias corrections)")
