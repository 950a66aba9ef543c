"""Public checks of the dropout forward pass (Dropout.ipynb): mask statistics, scaling, test mode, shapes, seeds.

p is the probability of KEEPING a unit (inverted dropout). The statistical checks use
Hoeffding bounds at delta = 1e-10 per check: a correct implementation, whatever random
calls draw its mask (rand < p, binomial, a boolean mask divided later, ...), fails one
with probability below 1e-9. Which call drew the mask only changes the numbers the
notebook prints (a note).
"""
import math

import numpy as np

from .common import Checks, checked_array, fail, float32_note, hoeffding, printed_numbers_note, rng

checks = Checks("dropout_forward")
KEEP_RATIOS = (0.25, 0.4, 0.7)


def check_mask_statistics(p, x, out, what=""):
    """Fails unless about 1 - p of the outputs are zero, independently for every element."""
    out = checked_array(out, f"the train-mode output for p = {p}{what}", shape=x.shape)
    zeros = out == 0
    fraction, tol = float(zeros.mean()), hoeffding(out.size)
    if 0 < fraction < 1 and out.ndim >= 2:
        rows = zeros.reshape(zeros.shape[0], -1)
        if (rows == rows[:1]).all():
            fail(f"every example of the batch gets the same mask{what}: draw one random number per element, "
                 f"np.random.rand(*x.shape), not one per feature", "shared_mask")
    if abs(fraction - (1 - p)) <= tol:
        return
    if abs(fraction - p) <= tol:
        fail(f"p is used as the drop probability{what}: with p = {p}, {fraction:.1%} of the outputs are zero. "
             f"p is the probability of KEEPING a unit, so about {1 - p:.0%} should be zero.", "drop_probability")
    if fraction <= tol:
        fail(f"with p = {p} no train-time output is zero{what}: the dropout mask is not applied in train mode",
             "no_mask")
    normal_keep = 0.5 * (1 + math.erf(p / math.sqrt(2)))  # P(randn < p)
    if abs(fraction - (1 - normal_keep)) <= tol:
        fail(f"the mask is drawn from a normal distribution{what} (np.random.randn): with p = {p}, {fraction:.1%} "
             f"of the outputs are zero instead of {1 - p:.0%}; draw uniform numbers with np.random.rand", "normal_mask")
    fail(f"with p = {p}, {fraction:.1%} of the train-time outputs are zero{what}; expected {1 - p:.1%} "
         f"(within {tol:.1%})", "wrong_fraction")


def check_scaling(p, x, out, what=""):
    """Fails unless kept values are x / p and the mean is preserved."""
    out = checked_array(out, f"the train-mode output for p = {p}{what}", shape=x.shape)
    kept = out != 0
    if not kept.any():
        fail(f"with p = {p} every train-time output is zero{what}", "all_dropped")
    ratio = out[kept] / x[kept]
    for factor, mistake, message in [
        (1 / p, None, None),
        (1.0, "unscaled", "kept values are not divided by p: without the 1/p scaling the expected output shrinks to "
                          "p * x (inverted dropout divides by p at train time)"),
        (1 / (1 - p), "divided_by_1_minus_p", "kept values are divided by 1 - p instead of p: p is the keep "
                                               "probability"),
        (p, "multiplied_by_p", "kept values are multiplied by p instead of divided by p"),
    ]:
        if np.allclose(ratio, factor, rtol=1e-5):  # float32 masks round to about 6e-8
            if mistake:
                fail(f"with p = {p}{what}: {message}", mistake)
            break
    else:
        fail(f"with p = {p}{what}: kept values should equal x / p, but output / input ranges from "
             f"{ratio.min():.4g} to {ratio.max():.4g}", "wrong_scaling")
    # Each output lies in [0, x / p]; Hoeffding bounds the deviation of the mean.
    tol = np.sqrt(np.log(2 / 1e-10) * np.sum((x / p) ** 2) / 2) / x.size
    if abs(out.mean() - x.mean()) > tol:
        fail(f"with p = {p}{what} the mean of the train-time output is {out.mean():.4f}, but the input's is "
             f"{x.mean():.4f}: dropout should preserve the mean (within {tol:.4f})", "mean_not_preserved")


def check_identity(p, x, out, what=""):
    """Test mode must return x unchanged."""
    out = checked_array(out, f"the test-mode output for p = {p}{what}", shape=x.shape)
    if np.allclose(out, x, rtol=1e-12, atol=0):
        return
    if np.mean(out == 0) > 0.01:
        fail(f"test mode zeroes {np.mean(out == 0):.1%} of the inputs{what} (p = {p}): dropout is still active at "
             f"test time; no mask may be applied at test time", "dropout_at_test_time")
    if np.allclose(out, x * p):
        fail(f"test mode multiplies by p{what}: that is classic dropout; with inverted dropout test mode is the "
             f"identity", "test_mode_scaled")
    if np.allclose(out, x / p):
        fail(f"test mode divides by p{what}: with inverted dropout the scaling happens only at train time",
             "test_mode_divided")
    fail(f"test mode changes the input{what} (p = {p}): it should return x unchanged", "test_mode_changes_x")


# The train-time means that Dropout.ipynb's forward check prints (np.random.seed(231)), by keep ratio.
NOTEBOOK_MEANS = {"notebook_0.25": 10.014059116977283, "notebook_0.4": 9.977917658761159,
                  "notebook_0.7": 9.987811912159426}
OTHER_DRAWS = ("its expected means come from drawing the mask with np.random.rand(*x.shape) < p, and your mask is "
               "drawn another way")


def any_shape_failure(error):
    fail(f"dropout_forward fails for a 3-D input ({error}): the docstring says x may have any shape; draw the mask "
         f"with np.random.rand(*x.shape)", "only_2d")


def check_seeded_masks(same_seed_a, same_seed_b, other_seed):
    if not np.array_equal(same_seed_a, same_seed_b):
        fail("two calls with the same dropout_param['seed'] give different masks: draw the mask from numpy's global "
             "random generator (np.random.rand, ...), which the given code seeds", "seed_ignored")
    if np.array_equal(same_seed_a, other_seed):
        fail("different seeds give the same mask: the mask must come from numpy's global random generator",
             "same_mask_for_every_seed")


def _dropout(x, mode, p, **extra):
    from ..layers import dropout_forward

    return dropout_forward(x, {"mode": mode, "p": p, **extra})[0]


def _each_keep_ratio(mode, check):
    """check(p, x, out) for every keep ratio, on the same positive input."""
    def run():
        x = 1 + 2 * rng().rand(300, 400)
        for p in KEEP_RATIOS:
            check(p, x, _dropout(x, mode, p))
    return run


checks.add("In train mode about 1 - p of the outputs are zero, each element dropped on its own")(
    _each_keep_ratio("train", check_mask_statistics))
checks.add("Kept units are divided by p, so the expected output equals the input")(
    _each_keep_ratio("train", check_scaling))
checks.add("Test mode returns the input unchanged: no dropout at test time")(_each_keep_ratio("test", check_identity))


@checks.add("An input of any shape (here 3-D) is dropped and scaled the same way")
def _any_shape():
    cube = 1 + rng().rand(40, 30, 20)
    try:
        train = _dropout(cube, "train", 0.6)
    except NotImplementedError:
        raise
    except Exception as exc:  # noqa: BLE001
        any_shape_failure(f"{type(exc).__name__}: {exc}")
    check_mask_statistics(0.6, cube, train, " for a 3-D input")
    check_scaling(0.6, cube, train, " for a 3-D input")
    check_identity(0.6, cube, _dropout(cube, "test", 0.6), " for a 3-D input")


@checks.add("With a seed in dropout_param, the same seed gives the same mask and another seed another mask")
def _seed():
    x = 1 + rng().rand(50, 60)
    check_seeded_masks(*(_dropout(x, "train", 0.5, seed=seed) for seed in (1234, 1234, 4321)))


@checks.add("A float32 input gives a float32 output", note=True)
def _float32():
    x = (1 + rng().rand(30, 40)).astype(np.float32)
    float32_note({mode: _dropout(x, mode, 0.4) for mode in ("train", "test")}, "cast the mask with .astype(x.dtype)")


@checks.add("The notebook's forward check prints the expected train-time means", note=True)
def _notebook_means():
    np.random.seed(231)
    x = 10 + np.random.randn(500, 500)
    printed_numbers_note({f"notebook_{p}": float(np.mean(_dropout(x, "train", p))) for p in (0.25, 0.4, 0.7)},
                         NOTEBOOK_MEANS, OTHER_DRAWS)
