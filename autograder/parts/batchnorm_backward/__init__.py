"""Batch normalization backward passes (BatchNormalization.ipynb): the graph version and the simplified one.

Both are checked against the student's own forward pass (whose cache they read), so
a mistake of the forward pass costs points in batchnorm_forward only.
"""
from autograder.mutants import LAYERS, Mutant

TITLE = "Batch normalization backward passes"


def inputs(rng):
    return {"x": 5 * rng.randn(32, 12) + 12, "gamma": 0.5 + rng.rand(12), "beta": rng.randn(12),
            "dout": rng.randn(32, 12)}


MUTANTS = [
    Mutant("batchnorm_alt_no_variance_term", LAYERS,
           [("dx = inv_std * (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0))",
             "dx = inv_std * (dx_hat - dx_hat.mean(axis=0))")], "batchnorm_backward_alt: dx differs"),
]
