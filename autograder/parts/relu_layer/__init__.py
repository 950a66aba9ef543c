"""ReLU layer (FullyConnectedNets.ipynb): forward and backward."""
from autograder.mutants import LAYERS, Mutant

TITLE = "ReLU layer"


def inputs(rng, experiment_data):
    x = rng.randn(20, 30)
    x[::7, ::5] = 0  # the gradient at exactly 0 is taken as 0
    return {"x": x, "dout": rng.randn(20, 30)}


MUTANTS = [
    Mutant("relu_gradient_at_zero", LAYERS, [("dx = dout * (x > 0)", "dx = dout * (x >= 0)")], "where x == 0"),
]
