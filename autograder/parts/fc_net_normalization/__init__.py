"""FullyConnectedNet with batch and layer normalization (BatchNormalization.ipynb).

Graded with the grader's correct layers (CORRECT_LAYERS) and judged from the calls the
net makes to its normalization layers: where they sit, which gamma, beta and bn_param
they get, in which mode, and where their gradients go. What the net shares with the
one without normalization (the affine and ReLU chain, the loss, regularization of the
weights) is graded in fc_net: a mistake there costs points once.
"""
from autograder.mutants import FC_NET, Mutant
from autograder.parts.nets import random_params
from autograder.parts.public_checks import common

TITLE = "Fully-connected net with normalization"

# Accepted (judged from the net's calls to the grader's normalization layers): gamma/beta of shape (H,), (1, H) or a
# scalar at initialization (a note); the gradients of gamma and beta exactly as the normalization's backward pass
# returned them (1e-9), under their names; the normalization layers' own caches, in any layout of the student's.
FORMULATIONS = {"test_gamma_and_beta": [common.Formulation("gamma ones and beta zeros of any shape that broadcasts "
                                                           "like (H,)", "the docstring", None, docstring=True)]}
CORRECT_LAYERS = ("affine_forward", "affine_backward", "relu_forward", "relu_backward", "dropout_forward",
                  "dropout_backward", "batchnorm_forward", "batchnorm_backward", "batchnorm_backward_alt",
                  "layernorm_forward", "layernorm_backward")
HIDDEN, D, C = [20, 30], 15, 10


def inputs(rng):
    return {"X": rng.randn(8, D), "y": rng.randint(C, size=8), "batches": 2 * rng.randn(3, 8, D) + 1,
            **random_params(rng, [D, *HIDDEN, C], normalization=True)}


MUTANTS = [
    Mutant("normalization_ignored", FC_NET, [("            if self.normalization:\n                hidden, cache",
                                              "            if False:\n                hidden, cache"),
                                             ("            if self.normalization:\n                dout, grads",
                                              "            if False:\n                dout, grads")],
           "calls no batchnorm_forward", public=False, mistake="fc_net_normalization/no_normalization"),
    Mutant("gamma_regularized", FC_NET, [("        if self.reg:\n            for i in range(1, L + 1):",
                                          "        if self.reg:\n            for name in self.params:\n"
                                          "                if name.startswith(\"gamma\"):\n"
                                          "                    grads[name] += self.reg * self.params[name]\n"
                                          "            for i in range(1, L + 1):")],
           "gamma and beta are not regularized", mistake="fc_net_normalization/gamma_beta_regularized"),
]
