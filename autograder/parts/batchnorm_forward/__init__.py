"""Batch normalization forward pass (BatchNormalization.ipynb): statistics, running averages, test mode."""
from autograder.mutants import LAYERS, Mutant
from autograder.parts.public_checks import public_part

# Accepted forms of the training and test outputs and of the running variance, with the error analysis
# (deeplearning/self_check/batchnorm_forward.py: the public checks accept the same).
FORMULATIONS = public_part("batchnorm_forward").FORMULATIONS

TITLE = "Batch normalization forward pass"


def inputs(rng):
    return {"x": 3 * rng.randn(64, 20) + 5, "gamma": 0.5 + rng.rand(20), "beta": rng.randn(20),
            "batches": 4 * rng.randn(10, 64, 20) + 2, "running_mean": 4 + rng.randn(20),
            "running_var": 0.01 + 6 * rng.rand(20)}


MUTANTS = [
    Mutant("batchnorm_test_batch_statistics", LAYERS,
           [("out = gamma * ((x - running_mean) / np.sqrt(running_var + eps)) + beta",
             "out = gamma * ((x - x.mean(axis=0)) / np.sqrt(x.var(axis=0) + eps)) + beta")],
           "uses the minibatch's statistics", mistake="batchnorm_forward/test_mode_uses_batch_statistics"),
    Mutant("batchnorm_unbiased_variance", LAYERS,
           [("var = (centered * centered).mean(axis=0)", "var = x.var(axis=0, ddof=1)")], "divided by N - 1",
           mistake="batchnorm_forward/unbiased_variance"),
    Mutant("batchnorm_momentum_swapped", LAYERS,
           [("running_mean = momentum * running_mean + (1 - momentum) * mean",
             "running_mean = (1 - momentum) * running_mean + momentum * mean")],
           "the momentum weighs the old running mean", mistake="batchnorm_forward/momentum_swapped"),
]
