"""Affine layer (FullyConnectedNets.ipynb): forward and backward on multi-dimensional inputs."""
from autograder.mutants import LAYERS, Mutant

TITLE = "Affine layer"


def inputs(rng):
    return {"x": rng.randn(7, 3, 4, 2), "w": rng.randn(24, 5), "b": rng.randn(5), "dout": rng.randn(7, 5)}


MUTANTS = [
    Mutant("affine_no_bias", LAYERS, [("    out = x.reshape(x.shape[0], -1) @ w\n    out += b\n",
                                       "    out = x.reshape(x.shape[0], -1) @ w\n")], "lacks the bias b"),
]
