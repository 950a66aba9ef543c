"""Batch normalization forward pass (BatchNormalization.ipynb): statistics, running averages, test mode."""
from autograder.parts.public_checks import public_part
from autograder.parts.spec import Spec

# Accepted forms of the training and test outputs and of the running variance, with the error analysis
# (public.py: the public checks accept the same).
FORMULATIONS = public_part("batchnorm_forward").FORMULATIONS



def inputs(rng):
    return {"x": 3 * rng.randn(64, 20) + 5, "gamma": 0.5 + rng.rand(20), "beta": rng.randn(20),
            "batches": 4 * rng.randn(10, 64, 20) + 2, "running_mean": 4 + rng.randn(20),
            "running_var": 0.01 + 6 * rng.rand(20)}


SPEC = Spec(
    title="Batch normalization forward pass",
    seconds=0.041,
    memory_mb=17.5,
    inputs=inputs,
    formulations=FORMULATIONS,
)
