"""Layer normalization (BatchNormalization.ipynb): forward and backward.

A layer normalization written with batchnorm_forward / batchnorm_backward (on x.T) gets
the grader's correct batch normalization (its spec's correct_layers), and where it cannot work
with that, its own (checks.py): a wrong batchnorm costs points in its own parts only.
"""
from autograder.parts.public_checks import public_part
from autograder.parts.spec import Spec

# Accepted forms of the output, with the error analysis (public.py); the gradients are
# those of the student's own forward pass.
FORMULATIONS = public_part("layernorm").FORMULATIONS


def inputs(rng):
    return {"x": 5 * rng.randn(32, 12) + 12, "gamma": rng.randn(12), "beta": rng.randn(12), "dout": rng.randn(32, 12)}


SPEC = Spec(
    title="Layer normalization",
    seconds=0.084,
    memory_mb=17.4,
    inputs=inputs,
    formulations=FORMULATIONS,
    correct_layers=("batchnorm_forward", "batchnorm_backward", "batchnorm_backward_alt"),
)
