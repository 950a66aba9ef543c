"""Dropout forward pass (Dropout.ipynb): mask statistics, inverted scaling, test mode, any shape, seeds."""
import numpy as np

from autograder.parts.public_checks import common
from autograder.parts.spec import Spec


# Accepted: any mask that keeps each element on its own with probability p and scales kept units by 1 / p, whatever
# random calls draw it (rand < p, rand > 1 - p, binomial(1, p), uniform, random_sample, a boolean mask divided later,
# in any order of draws). The checks are statistical (Hoeffding bounds at delta = 1e-10 each) or exact (kept values
# x / p to 1e-5 relative: a float32 mask rounds to 6e-8), so they do not depend on the random stream.
FORMULATIONS = {check: [common.Formulation("inverted dropout with any independent per-element mask of keep "
                                           "probability p", "the docstring; cs231n notes; torch.nn.Dropout with "
                                           "p = 1 - keep", None, docstring=True)]
                for check in ("test_about_1_minus_p_of_the_units_are_dropped", "test_kept_units_are_divided_by_p",
                              "test_any_input_shape")}


def inputs(rng):
    return {
        "x": 1 + 2 * rng.rand(400, 1000),  # positive, so every zero comes from the mask
        "keep_ratios": np.array([0.25, 0.4, 0.7, 0.9]),
        "x32": (1 + rng.rand(300, 400)).astype(np.float32),
        "cube": 1 + rng.rand(40, 30, 20),
        "x_small": 1 + rng.rand(50, 60),
    }


SPEC = Spec(
    title="Dropout forward pass",
    seconds=0.153,
    memory_mb=39.3,
    inputs=inputs,
    formulations=FORMULATIONS,
)
