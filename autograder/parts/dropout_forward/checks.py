"""Dropout forward pass: statistics of the mask, inverted scaling, test mode, dtype, seeds.

Statistical checks use Hoeffding bounds at delta = 1e-10 per check, so a correct
implementation fails one with probability below 1e-9 per grading run.
"""
import numpy as np
import pytest
from autograder.parts.checking import fail, hoeffding

PART = "dropout_forward"

# Train-time means printed by the notebook's forward check (np.random.seed(231)).
NOTEBOOK_MEANS = {0.25: 10.014059116977283, 0.4: 9.977917658761159, 0.7: 9.987811912159426}


def train_outputs(grading):
    """(p, x, the train-mode output of dropout_forward(x) with keep ratio p) for every p probed."""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "keep_ratios")
    x = inputs["x"]
    for p in inputs["keep_ratios"]:
        yield p, x, grading.array(out, f"train_{p}", like=x, what=f"train-mode output for p = {p}")


@pytest.mark.points(3)
def test_zero_fraction_matches_keep_ratio(grading):
    """About 1 - p of the train-time outputs are zero"""
    for p, x, o in train_outputs(grading):
        zeros = float(np.mean(o == 0))
        tol = hoeffding(o.size)
        if abs(zeros - (1 - p)) <= tol:
            continue
        if abs(zeros - p) <= tol:
            fail(f"p is used as the drop probability: with p = {p}, {zeros:.1%} of the outputs are zero. "
                 f"p is the probability of KEEPING a unit, so about {1 - p:.0%} should be zero.")
        if zeros <= tol:
            fail(f"with p = {p} no train-time output is zero: the dropout mask is not applied in train mode")
        fail(f"with p = {p}, {zeros:.1%} of the train-time outputs are zero; expected {1 - p:.1%} (within {tol:.1%})")


@pytest.mark.points(3)
def test_train_mode_preserves_the_mean(grading):
    """Kept units are divided by p, so the expected output equals the input"""
    for p, x, o in train_outputs(grading):
        kept = o != 0
        if not kept.any():
            fail(f"with p = {p} every train-time output is zero")
        ratio = o[kept] / x[kept]
        diagnoses = [
            (1 / p, None),
            (1.0, "kept values are not divided by p: without the 1/p scaling the expected output shrinks to "
                  "p * x (inverted dropout divides by p at train time)"),
            (1 / (1 - p), "kept values are divided by 1 - p instead of p: p is the keep probability"),
            (p, "kept values are multiplied by p instead of divided by p"),
        ]
        for factor, mistake in diagnoses:
            if np.allclose(ratio, factor, rtol=1e-5):
                if mistake:
                    fail(f"with p = {p}: {mistake}")
                break
        else:
            fail(f"with p = {p}: kept values should equal x / p, but output / input ranges from "
                 f"{ratio.min():.4g} to {ratio.max():.4g}")
        # The output of each element lies in [0, x / p]; Hoeffding bounds the deviation of the mean.
        tol = np.sqrt(np.log(2 / 1e-10) * np.sum((x / p) ** 2) / 2) / x.size
        if abs(o.mean() - x.mean()) > tol:
            fail(f"with p = {p} the mean of the train-time output is {o.mean():.4f}, but the input's is "
                 f"{x.mean():.4f}: dropout should preserve the mean (within {tol:.4f})")


@pytest.mark.points(2)
def test_test_mode_is_identity(grading):
    """Test mode returns the input unchanged"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "test_mode_outputs")
    x = inputs["x"]
    for p in inputs["keep_ratios"]:
        o = grading.array(out, f"test_{p}", like=x, what=f"test-mode output for p = {p}")
        if np.array_equal(o, x):
            continue
        if np.mean(o == 0) > 0.01:
            fail(f"test mode zeroes {np.mean(o == 0):.1%} of the inputs (p = {p}): no mask may be applied at test time")
        if np.allclose(o, x * p):
            fail("test mode multiplies by p: that is classic dropout; with inverted dropout test mode is the identity")
        if np.allclose(o, x / p):
            fail("test mode divides by p: with inverted dropout the scaling happens only at train time")
        fail(f"test mode changes the input (p = {p}): it should return x unchanged")


@pytest.mark.points(1)
def test_dtype_and_shape_are_preserved(grading):
    """Outputs keep the shape and the dtype of the input"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "float32_and_shape")
    for mode in ("train", "test"):
        o = grading.array(out, f"float32_{mode}", like=inputs["x32"], what=f"{mode}-mode output for a float32 input")
        if o.dtype != np.float32:
            fail(f"{mode} mode returns {o.dtype} for a float32 input: cast the mask to x.dtype so a float32 "
                 f"model stays float32 (float64 is about 1.5 times slower)")
        grading.array(out, f"cube_{mode}", like=inputs["cube"], what=f"{mode}-mode output for a 3-D input")


@pytest.mark.points(1)
def test_seed_makes_the_mask_reproducible(grading):
    """A seed in dropout_param fixes the mask; the notebook's numbers come out"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "seeded")
    a, b, c = (grading.array(out, key, like=inputs["x_small"]) for key in ("seed_a", "seed_b", "seed_c"))
    if not np.array_equal(a, b):
        fail("two calls with the same dropout_param['seed'] give different masks: call np.random.seed(seed) "
             "before drawing the mask when 'seed' is given")
    if np.array_equal(a, c):
        fail("different seeds give the same mask: the mask must come from numpy's random generator")
    notebook = grading.outputs(PART, "notebook_check")
    for p, expected in NOTEBOOK_MEANS.items():
        o = grading.array(notebook, f"notebook_{p}", shape=(500, 500))
        if abs(o.mean() - expected) > 1e-9 * expected:
            fail(f"the notebook's check prints a train-time mean of {o.mean():.15g} for p = {p}, not {expected!r}: "
                 f"draw the mask with np.random.rand(*x.shape) < p, as the docstring says")
