"""Dropout forward pass (Dropout.ipynb): mask statistics, inverted scaling, test mode, any shape, seeds."""
import numpy as np

from autograder.mutants import LAYERS, Mutant

TITLE = "Dropout forward pass"


def inputs(rng):
    return {
        "x": 1 + 2 * rng.rand(400, 1000),  # positive, so every zero comes from the mask
        "keep_ratios": np.array([0.25, 0.4, 0.7, 0.9]),
        "x32": (1 + rng.rand(300, 400)).astype(np.float32),
        "cube": 1 + rng.rand(40, 30, 20),
        "x_small": 1 + rng.rand(50, 60),
    }


MASK = "mask = ((np.random.rand(*x.shape) < p) / p).astype(x.dtype, copy=False)"
TEST_MODE = "        out = x\n        ### END SOLUTION"
MUTANTS = [
    Mutant("drop_probability", LAYERS,
           [(MASK, "mask = ((np.random.rand(*x.shape) >= p) / (1 - p)).astype(x.dtype, copy=False)")],
           "p is used as the drop probability"),
    Mutant("no_inverted_scaling", LAYERS, [(MASK, "mask = (np.random.rand(*x.shape) < p).astype(x.dtype)")],
           "not divided by p"),
    Mutant("mask_at_test_time", LAYERS,
           [(TEST_MODE, TEST_MODE.replace("out = x", "out = x * (np.random.rand(*x.shape) < p)"))],
           "no mask may be applied at test time"),
    Mutant("test_time_scaling", LAYERS, [(TEST_MODE, TEST_MODE.replace("out = x", "out = x * p"))], "classic dropout"),
    Mutant("shared_mask", LAYERS, [(MASK, "mask = ((np.random.rand(*x.shape[1:]) < p) / p).astype(x.dtype)")],
           "every example of the batch gets the same mask"),
]
