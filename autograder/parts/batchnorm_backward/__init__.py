"""Batch normalization backward passes (BatchNormalization.ipynb): the graph version and the simplified one.

Both are checked against the student's own forward pass (whose cache they read), so
a mistake of the forward pass costs points in batchnorm_forward only.
"""
from autograder.parts.public_checks import public_part
from autograder.parts.spec import Spec

# Accepted: the gradient of the student's own forward pass, numeric or by the textbook formula on its statistics
# (public.py, with the error analysis of the tolerances).
FORMULATIONS = public_part("batchnorm_backward").FORMULATIONS



def inputs(rng):
    # x_small: features whose variance (about 1e-5) is close to eps, where a backward pass without eps is wrong
    return {"x": 5 * rng.randn(32, 12) + 12, "gamma": 0.5 + rng.rand(12), "beta": rng.randn(12),
            "dout": rng.randn(32, 12), "x_small": 3e-3 * rng.randn(32, 12) + 12}


SPEC = Spec(
    title="Batch normalization backward passes",
    seconds=0.099,
    memory_mb=17.4,
    inputs=inputs,
    formulations=FORMULATIONS,
)
