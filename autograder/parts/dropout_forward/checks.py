"""Dropout forward pass: statistics of the mask, inverted scaling, test mode, any shape, seeds.

Statistical checks use Hoeffding bounds at delta = 1e-10 per check, so a correct
implementation fails one with probability below 1e-9 per grading run. Nothing
depends on which random call drew the mask: that only changes the notebook's
printed numbers (a note).
"""
import math

import numpy as np
import pytest

from autograder.parts.checking import check_float32, check_printed_numbers, fail, hoeffding

PART = "dropout_forward"
# Train-time means printed by the notebook's forward check (np.random.seed(231)), by the probe's keys.
NOTEBOOK_MEANS = {"notebook_0.25": 10.014059116977283, "notebook_0.4": 9.977917658761159,
                  "notebook_0.7": 9.987811912159426}
OTHER_DRAWS = ("its expected means come from drawing the mask with np.random.rand(*x.shape) < p, and your mask is drawn "
               "another way")


def train_outputs(grading):
    """(p, x, the train-mode output of dropout_forward(x) with keep ratio p) for every p probed."""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "keep_ratios")
    for p in inputs["keep_ratios"]:
        yield float(p), inputs["x"], grading.array(out, f"train_{p}", like=inputs["x"],
                                                   what=f"the train-mode output for p = {p}")


def check_mask_statistics(p, x, o, what=""):
    """Fails unless about 1 - p of the outputs are zero, independently for every element."""
    zeros = o == 0
    fraction, tol = float(zeros.mean()), hoeffding(o.size)
    if 0 < fraction < 1 and o.ndim >= 2:
        rows = zeros.reshape(zeros.shape[0], -1)
        if (rows == rows[:1]).all():
            fail(f"every example of the batch gets the same mask{what}: draw one random number per element, "
                 f"np.random.rand(*x.shape), not one per feature")
    if abs(fraction - (1 - p)) <= tol:
        return
    if abs(fraction - p) <= tol:
        fail(f"p is used as the drop probability{what}: with p = {p}, {fraction:.1%} of the outputs are zero. "
             f"p is the probability of KEEPING a unit, so about {1 - p:.0%} should be zero.")
    if fraction <= tol:
        fail(f"with p = {p} no train-time output is zero{what}: the dropout mask is not applied in train mode")
    normal_keep = 0.5 * (1 + math.erf(p / math.sqrt(2)))  # P(randn < p)
    if abs(fraction - (1 - normal_keep)) <= tol:
        fail(f"the mask is drawn from a normal distribution{what} (np.random.randn): with p = {p}, {fraction:.1%} "
             f"of the outputs are zero instead of {1 - p:.0%}; draw uniform numbers with np.random.rand")
    fail(f"with p = {p}, {fraction:.1%} of the train-time outputs are zero{what}; expected {1 - p:.1%} "
         f"(within {tol:.1%})")


def check_scaling(p, x, o, what=""):
    """Fails unless kept values are x / p and the mean is preserved."""
    kept = o != 0
    if not kept.any():
        fail(f"with p = {p} every train-time output is zero{what}")
    ratio = o[kept] / x[kept]
    for factor, mistake in [
        (1 / p, None),
        (1.0, "kept values are not divided by p: without the 1/p scaling the expected output shrinks to p * x "
              "(inverted dropout divides by p at train time)"),
        (1 / (1 - p), "kept values are divided by 1 - p instead of p: p is the keep probability"),
        (p, "kept values are multiplied by p instead of divided by p"),
    ]:
        if np.allclose(ratio, factor, rtol=1e-5):
            if mistake:
                fail(f"with p = {p}{what}: {mistake}")
            break
    else:
        fail(f"with p = {p}{what}: kept values should equal x / p, but output / input ranges from "
             f"{ratio.min():.4g} to {ratio.max():.4g}")
    # Each output lies in [0, x / p]; Hoeffding bounds the deviation of the mean.
    tol = np.sqrt(np.log(2 / 1e-10) * np.sum((x / p) ** 2) / 2) / x.size
    if abs(o.mean() - x.mean()) > tol:
        fail(f"with p = {p}{what} the mean of the train-time output is {o.mean():.4f}, but the input's is "
             f"{x.mean():.4f}: dropout should preserve the mean (within {tol:.4f})")


def check_identity(p, x, o, what=""):
    if np.allclose(o, x, rtol=1e-12, atol=0):
        return
    if np.mean(o == 0) > 0.01:
        fail(f"test mode zeroes {np.mean(o == 0):.1%} of the inputs{what} (p = {p}): dropout is still active at "
             f"test time; no mask may be applied at test time")
    if np.allclose(o, x * p):
        fail(f"test mode multiplies by p{what}: that is classic dropout; with inverted dropout test mode is the "
             f"identity")
    if np.allclose(o, x / p):
        fail(f"test mode divides by p{what}: with inverted dropout the scaling happens only at train time")
    fail(f"test mode changes the input{what} (p = {p}): it should return x unchanged")


@pytest.mark.points(3)
def test_about_1_minus_p_of_the_units_are_dropped(grading):
    """In train mode about 1 - p of the outputs are zero, each element dropped on its own"""
    for p, x, o in train_outputs(grading):
        check_mask_statistics(p, x, o)


@pytest.mark.points(2)
def test_kept_units_are_divided_by_p(grading):
    """Kept units are divided by p, so the expected output equals the input"""
    for p, x, o in train_outputs(grading):
        check_scaling(p, x, o)


@pytest.mark.points(4)
def test_test_mode_is_the_identity(grading):
    """Test mode returns the input unchanged: no dropout at test time"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "test_mode_outputs")
    for p in inputs["keep_ratios"]:
        check_identity(p, inputs["x"], grading.array(out, f"test_{p}", like=inputs["x"],
                                                     what=f"the test-mode output for p = {p}"))


@pytest.mark.points(0.5)
def test_any_input_shape(grading):
    """An input of any shape (here 3-D) is dropped and scaled the same way"""
    errors = grading.manifest["probe_errors"].get(PART, {})
    if "any_shape" in errors:
        fail(f"dropout_forward fails for a 3-D input ({errors['any_shape']}): the docstring says x may have any "
             f"shape; draw the mask with np.random.rand(*x.shape)")
    cube = grading.inputs(PART)["cube"]
    out = grading.outputs(PART, "any_shape")
    what = " for a 3-D input"
    train = grading.array(out, "train", like=cube, what="the train-mode output for a 3-D input")
    check_mask_statistics(0.6, cube, train, what)
    check_scaling(0.6, cube, train, what)
    check_identity(0.6, cube, grading.array(out, "test", like=cube, what="the test-mode output for a 3-D input"), what)


@pytest.mark.points(0.5)
def test_a_seed_fixes_the_mask(grading):
    """With a seed in dropout_param, the same seed gives the same mask and another seed another mask"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "seeded")
    a, b, c = (grading.array(out, key, like=inputs["x_small"]) for key in ("seed_a", "seed_b", "seed_c"))
    if not np.array_equal(a, b):
        fail("two calls with the same dropout_param['seed'] give different masks: draw the mask from numpy's global "
             "random generator (np.random.rand, ...), which the given code seeds")
    if np.array_equal(a, c):
        fail("different seeds give the same mask: the mask must come from numpy's global random generator")


@pytest.mark.points(0)
def test_float32_stays_float32(grading):
    """A float32 input gives a float32 output"""
    check_float32(grading, PART, "float32", advice="cast the mask with .astype(x.dtype)")


@pytest.mark.points(0)
def test_the_notebook_prints_its_expected_numbers(grading):
    """The notebook's forward check prints the expected train-time means"""
    check_printed_numbers(grading, PART, "notebook_check", NOTEBOOK_MEANS, OTHER_DRAWS)
