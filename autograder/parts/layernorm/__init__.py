"""Layer normalization (BatchNormalization.ipynb): forward and backward.

A layer normalization written with batchnorm_forward / batchnorm_backward (on x.T) gets
the grader's correct batch normalization (CORRECT_LAYERS): a wrong batchnorm costs
points in its own parts only.
"""
from autograder.mutants import LAYERS, Mutant
from autograder.parts.public_checks import public_part

# Accepted forms of the output, with the error analysis (deeplearning/self_check/layernorm.py); the gradients are
# those of the student's own forward pass.
FORMULATIONS = public_part("layernorm").FORMULATIONS

TITLE = "Layer normalization"
CORRECT_LAYERS = ("batchnorm_forward", "batchnorm_backward", "batchnorm_backward_alt")


def inputs(rng):
    return {"x": 5 * rng.randn(32, 12) + 12, "gamma": rng.randn(12), "beta": rng.randn(12), "dout": rng.randn(32, 12)}


MUTANTS = [
    Mutant("layernorm_over_the_batch", LAYERS,
           [("mean = x.mean(axis=1, keepdims=True)", "mean = x.mean(axis=0)"),
            ("var = (centered * centered).mean(axis=1, keepdims=True)", "var = (centered * centered).mean(axis=0)")],
           "that is batch normalization", mistake="layernorm/over_the_batch"),
]
