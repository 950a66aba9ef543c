"""Batch normalization forward pass (BatchNormalization.ipynb): statistics, running averages, test mode."""
from autograder.mutants import LAYERS, Mutant

TITLE = "Batch normalization forward pass"


def inputs(rng):
    return {"x": 3 * rng.randn(64, 20) + 5, "gamma": 0.5 + rng.rand(20), "beta": rng.randn(20),
            "batches": 4 * rng.randn(10, 64, 20) + 2, "running_mean": 4 + rng.randn(20),
            "running_var": 0.01 + 6 * rng.rand(20)}


MUTANTS = [
    Mutant("batchnorm_test_eps_outside_sqrt", LAYERS,
           [("out = gamma * ((x - running_mean) / np.sqrt(running_var + eps)) + beta",
             "out = gamma * ((x - running_mean) / (np.sqrt(running_var) + eps)) + beta")],
           "eps is added to the standard deviation in test mode"),
    Mutant("batchnorm_unbiased_variance", LAYERS,
           [("var = (centered * centered).mean(axis=0)", "var = x.var(axis=0, ddof=1)")], "divided by N - 1"),
    Mutant("batchnorm_momentum_swapped", LAYERS,
           [("running_mean = momentum * running_mean + (1 - momentum) * mean",
             "running_mean = (1 - momentum) * running_mean + momentum * mean")],
           "the momentum weighs the old running mean"),
]
