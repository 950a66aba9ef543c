"""Dropout backward pass (Dropout.ipynb): numeric gradient, reuse of the forward mask, test mode, dtype."""
from autograder.mutants import LAYERS, Mutant

TITLE = "Dropout backward pass"


def inputs(rng, experiment_data):
    return {"x": rng.randn(10, 10) + 10, "dout": rng.randn(10, 10), "x_big": 1 + rng.rand(200, 300),
            "dout_big": rng.randn(200, 300)}


MUTANTS = [
    Mutant("backward_new_mask", LAYERS,
           [("dx = dout * mask", 'dx = dout * (np.random.rand(*dout.shape) < dropout_param["p"]) / dropout_param["p"]')],
           "must reuse the mask"),
    Mutant("backward_unscaled", LAYERS, [("dx = dout * mask", "dx = dout * (mask != 0)")], "not scaled by 1/p"),
]
