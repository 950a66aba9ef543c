"""Dropout backward pass (Dropout.ipynb): the forward pass's mask and scaling, test mode."""
from autograder.parts.public_checks import common
from autograder.parts.spec import Spec


# Accepted: dout times the multiplier of the student's own forward pass (0 or 1 / p), whatever the cache holds (the
# mask, a boolean mask divided at backward time, the kept indices); compared within 1e-6 relative (float32: one ulp).
FORMULATIONS = {"test_train_mode_uses_the_forward_mask": [common.Formulation(
    "dout times the forward pass's mask and 1 / p, from any cache layout", "the docstring", None, docstring=True)]}


def inputs(rng):
    return {"x": 1 + rng.rand(200, 300), "dout": rng.randn(200, 300), "cube": 1 + rng.rand(20, 15, 10),
            "dout_cube": rng.randn(20, 15, 10), "mask": (rng.rand(200, 300) < 0.6) / 0.6}


SPEC = Spec(
    title="Dropout backward pass",
    seconds=0.046,
    memory_mb=20.6,
    inputs=inputs,
    formulations=FORMULATIONS,
)
