"""TwoLayerNet (FullyConnectedNets.ipynb): initialization, scores, losses and gradients."""
from autograder.mutants import FC_NET, Mutant

TITLE = "Two-layer network"


def inputs(rng, experiment_data):
    fixed = {f"two_{name}": 0.5 * rng.randn(*shape)
             for name, shape in (("W1", (12, 9)), ("b1", (9,)), ("W2", (9, 4)), ("b2", (4,)))}
    return {**fixed, "two_X": rng.randn(6, 12), "two_y": rng.randint(4, size=6)}


MUTANTS = [
    Mutant("two_layer_reg_without_half", FC_NET,
           [("loss += 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))",
             "loss += self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))")], "mind the 0.5"),
]
