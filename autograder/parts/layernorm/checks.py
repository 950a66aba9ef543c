"""Layer normalization: per-example statistics, no dependence on the batch or the mode, gradients.

Each check judges the run with the grader's batch normalization in place of the student's (probes.py); where that
fails, the run of the student's own code, as written. Both failing, a layer norm built on a batch normalization
that fails its own checks is not charged (its mistake is charged there, once): a note says so.
"""
import pytest

from autograder.parts.checking import CheckFailed, Finding, common, fail, public_part
from autograder.parts.nets import calls_of

PART = "layernorm"
PUBLIC = public_part(PART)
EPS, LARGE_EPS = 1e-5, 1.0  # as probes.py passes them

# The checks of the batch normalization a layer norm runs (in training mode, forward and backward), by part.
BATCHNORM_CHECKS = {"batchnorm_forward": ["test_training_mode"],
                    "batchnorm_backward": ["test_batchnorm_backward", "test_batchnorm_backward_alt"]}
# The mistakes of a run that could not go on with the grader's batch normalization in place of the student's.
COULD_NOT_RUN = ("code_raised", "returned_nothing", "not_numeric", "wrong_shape")


def batchnorm_called(grading):
    """Whether the layer norm called batchnorm_forward (the grader's, in the run that substitutes it)."""
    try:
        return bool(calls_of(grading.layer_calls(PART, "layernorm", finished=False), "batchnorm_forward"))
    except Finding:  # it called no layer
        return False


def batchnorm_fails(grading):
    """The title of the first of BATCHNORM_CHECKS the student's batch normalization fails, or None."""
    return next(filter(None, (grading.fails(part, checks) for part, checks in BATCHNORM_CHECKS.items())), None)


def judged(grading, judge):
    """judge(outputs) on the run with the grader's batch normalization; where it fails, on the student's own run.
    outputs(probe) gives the probe's arrays in the run being judged. Returns None, or the note of a layer norm left
    unjudged because the batch normalization it is built on fails its own checks."""
    try:
        judge(lambda probe: grading.outputs(PART, probe))
        return None
    except (Finding, CheckFailed) as substituted:
        try:
            judge(lambda probe: grading.outputs(PART, f"{probe}_own"))
            return None
        except (Finding, CheckFailed) as own:
            if batchnorm_called(grading):
                failing = batchnorm_fails(grading)
                if failing:
                    return (f"not judged: your layer norm runs your batch normalization, which fails its own check "
                            f"\"{failing}\" (charged there); fix that first, and this check judges your layer norm")
            found = own if getattr(substituted, "mistake", None) in COULD_NOT_RUN else substituted
            fail(str(found), getattr(found, "mistake", None))


def ran(grading, probe):
    """The probe's arrays from the run with the grader's batch normalization, or where that failed, the student's."""
    if probe in grading.manifest["probe_errors"].get(PART, {}):
        return grading.outputs(PART, f"{probe}_own")
    return grading.outputs(PART, probe)


def expected(reference, inputs, eps=EPS):
    layers = reference["layers"]
    out, cache = layers.layernorm_forward(inputs["x"], inputs["gamma"], inputs["beta"], {"eps": eps})
    return out, dict(zip(("dx", "dgamma", "dbeta"), layers.layernorm_backward(inputs["dout"], cache)))


def judge_forward(grading, outputs):
    inputs = grading.inputs(PART)
    x, gamma, beta = inputs["x"], inputs["gamma"], inputs["beta"]
    out = outputs("layernorm")
    given = grading.array(out, "out", like=x, what="layernorm_forward's output")
    PUBLIC.check_layernorm_forward(x, gamma, beta, given)
    common.unchanged_input(x, grading.array(out, "x_after", like=x, what="x"), "layernorm_forward")
    return PUBLIC.check_default_eps(x, gamma, beta, given, grading.array(out, "out_default", like=x), charge=True)


@pytest.mark.points(2)
def test_forward(grading):
    """Each row is normalized with its own mean and biased variance, then scaled and shifted; x unchanged"""
    judged(grading, lambda outputs: judge_forward(grading, outputs))


def judge_independent(grading, outputs):
    x = grading.inputs(PART)["x"]
    modes = outputs("layernorm_test_mode")
    PUBLIC.check_layernorm_independent(
        grading.array(outputs("layernorm"), "out", like=x, what="layernorm_forward's output"),
        grading.array(modes, "out_all", like=x, what="the output with ln_param {'mode': 'test'}"),
        grading.array(modes, "out_one", like=x[:1], what="the output for a batch of one example"))


@pytest.mark.points(1)
def test_same_in_every_mode_and_batch(grading):
    """The output of an example depends neither on the mode nor on the other examples of the batch"""
    judged(grading, lambda outputs: judge_independent(grading, outputs))


def judge_gradients(grading, reference, outputs, keys):
    """keys of layernorm_backward against the gradient of the student's forward pass, at the docstring's eps and at
    a large one (where a backward pass that does not use the forward pass's eps shows)."""
    inputs = grading.inputs(PART)
    out = outputs("layernorm")
    for eps, suffix in ((EPS, ""), (LARGE_EPS, "_large_eps")):
        want = expected(reference, inputs, eps)[1]
        for key in keys:
            got = grading.array(out, key + suffix, like=want[key], what=key, broadcast=True)
            numeric = grading.array(out, f"numeric_{key}{suffix}", like=want[key],
                                    what=f"the numeric {key} of your layernorm_forward")
            PUBLIC.check_layernorm_gradient(key, got, numeric, want[key], eps)


@pytest.mark.points(2)
def test_backward_dx(grading, reference):
    """layernorm_backward: dx is the gradient of your forward pass"""
    judged(grading, lambda outputs: judge_gradients(grading, reference, outputs, ("dx",)))


@pytest.mark.points(1)
def test_backward_dgamma_dbeta(grading, reference):
    """layernorm_backward: dgamma and dbeta"""
    judged(grading, lambda outputs: judge_gradients(grading, reference, outputs, ("dgamma", "dbeta")))


@pytest.mark.points(0)
def test_judged_apart_from_your_batch_normalization(grading, reference):
    """Your layer norm is judged apart from the batch normalization it is built on"""
    notes = [judged(grading, judge) for judge in (
        lambda outputs: judge_forward(grading, outputs), lambda outputs: judge_independent(grading, outputs),
        lambda outputs: judge_gradients(grading, reference, outputs, ("dx", "dgamma", "dbeta")))]
    notes = [note for note in notes if note]
    if notes:
        fail(notes[0], "batchnorm_fails")


@pytest.mark.points(0)
def test_default_eps_is_the_docstrings(grading):
    """Without eps in ln_param, the output is the docstring's default eps = 1e-5"""
    inputs = grading.inputs(PART)
    x, gamma, beta = inputs["x"], inputs["gamma"], inputs["beta"]
    out = ran(grading, "layernorm")
    note = PUBLIC.check_default_eps(x, gamma, beta, grading.array(out, "out", like=x),
                                    grading.array(out, "out_default", like=x), charge=False)
    if note:
        fail(note, "default_eps")


@pytest.mark.points(0)
def test_rows_are_normalized_as_the_docstring_says(grading):
    """Each row is normalized as the docstring says (eps added to the variance)"""
    inputs = grading.inputs(PART)
    x = inputs["x"]
    out = grading.array(ran(grading, "layernorm"), "out", like=x)
    common.formulation_note({"your layernorm_forward": PUBLIC.forward_formulation(x, inputs["gamma"], inputs["beta"],
                                                                                  out)})
