"""Dropout forward pass: statistics of the mask, inverted scaling, test mode, any shape, seeds.

Statistical checks use Hoeffding bounds at delta = 1e-10 per check, so a correct
implementation fails one with probability below 1e-9 per grading run. Nothing
depends on which random call drew the mask: that only changes the notebook's
printed numbers (a note).
"""
import pytest

from autograder.parts.checking import check_float32, check_printed_numbers, public_part

PART = "dropout_forward"
PUBLIC = public_part(PART)


def train_outputs(grading):
    """(p, x, the train-mode output of dropout_forward(x) with keep ratio p) for every p probed."""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "keep_ratios")
    for p in inputs["keep_ratios"]:
        yield float(p), inputs["x"], grading.array(out, f"train_{p}", like=inputs["x"],
                                                   what=f"the train-mode output for p = {p}")


@pytest.mark.points(3)
def test_about_1_minus_p_of_the_units_are_dropped(grading):
    """In train mode about 1 - p of the outputs are zero, each element dropped on its own"""
    for p, x, o in train_outputs(grading):
        PUBLIC.check_mask_statistics(p, x, o)


@pytest.mark.points(2)
def test_kept_units_are_divided_by_p(grading):
    """Kept units are divided by p, so the expected output equals the input"""
    for p, x, o in train_outputs(grading):
        PUBLIC.check_scaling(p, x, o)


@pytest.mark.points(4)
def test_test_mode_is_the_identity(grading):
    """Test mode returns the input unchanged: no dropout at test time"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "test_mode_outputs")
    for p in inputs["keep_ratios"]:
        PUBLIC.check_identity(p, inputs["x"], grading.array(out, f"test_{p}", like=inputs["x"],
                                                     what=f"the test-mode output for p = {p}"))


@pytest.mark.points(0.5)
def test_any_input_shape(grading):
    """An input of any shape (here 3-D) is dropped and scaled the same way"""
    errors = grading.manifest["probe_errors"].get(PART, {})
    if "any_shape" in errors:
        PUBLIC.any_shape_failure(errors["any_shape"])
    cube = grading.inputs(PART)["cube"]
    out = grading.outputs(PART, "any_shape")
    what = " for a 3-D input"
    train = grading.array(out, "train", like=cube, what="the train-mode output for a 3-D input")
    PUBLIC.check_mask_statistics(0.6, cube, train, what)
    PUBLIC.check_scaling(0.6, cube, train, what)
    PUBLIC.check_identity(0.6, cube, grading.array(out, "test", like=cube, what="the test-mode output for a 3-D input"), what)


@pytest.mark.points(0.5)
def test_a_seed_fixes_the_mask(grading):
    """With a seed in dropout_param, the same seed gives the same mask and another seed another mask"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "seeded")
    PUBLIC.check_seeded_masks(*(grading.array(out, key, like=inputs["x_small"]) for key in ("seed_a", "seed_b", "seed_c")))


@pytest.mark.points(0)
def test_float32_stays_float32(grading):
    """A float32 input gives a float32 output"""
    check_float32(grading, PART, "float32", advice="cast the mask with .astype(x.dtype)")


@pytest.mark.points(0)
def test_the_notebook_prints_its_expected_numbers(grading):
    """The notebook's forward check prints the expected train-time means"""
    check_printed_numbers(grading, PART, "notebook_check", PUBLIC.NOTEBOOK_MEANS, PUBLIC.OTHER_DRAWS)
