"""Dropout backward pass (Dropout.ipynb): the forward pass's mask and scaling, test mode."""
from autograder.mutants import LAYERS, Mutant

TITLE = "Dropout backward pass"


def inputs(rng):
    return {"x": 1 + rng.rand(200, 300), "dout": rng.randn(200, 300), "cube": 1 + rng.rand(20, 15, 10),
            "dout_cube": rng.randn(20, 15, 10), "mask": (rng.rand(200, 300) < 0.6) / 0.6}


MUTANTS = [
    Mutant("backward_new_mask", LAYERS,
           [("dx = dout * mask", 'dx = dout * (np.random.rand(*dout.shape) < dropout_param["p"]) / dropout_param["p"]')],
           "must reuse the mask"),
    Mutant("backward_unscaled", LAYERS, [("dx = dout * mask", "dx = dout * (mask != 0)")], "not scaled by 1/p"),
]
