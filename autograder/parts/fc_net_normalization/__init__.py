"""FullyConnectedNet with batch and layer normalization (BatchNormalization.ipynb).

Graded with the grader's correct layers (its spec's correct_layers) and judged from the calls the
net makes to its normalization layers: where they sit, which gamma, beta and bn_param
they get, in which mode, and where their gradients go. What the net shares with the
one without normalization (the affine and ReLU chain, the loss, regularization of the
weights) is graded in fc_net: a mistake there costs points once.
"""
from autograder.parts.nets import random_params
from autograder.parts.public_checks import common
from autograder.parts.spec import Spec


# Accepted (judged from the net's calls to the grader's normalization layers): gamma/beta of shape (H,), (1, H) or a
# scalar at initialization (a note); the gradients of gamma and beta exactly as the normalization's backward pass
# returned them (1e-9), under their names; the normalization layers' own caches, in any layout of the student's.
FORMULATIONS = {"test_gamma_and_beta": [common.Formulation("gamma ones and beta zeros of any shape that broadcasts "
                                                           "like (H,)", "the docstring", None, docstring=True)]}
HIDDEN, D, C = [20, 30], 15, 10


def inputs(rng):
    return {"X": rng.randn(8, D), "y": rng.randint(C, size=8), "batches": 2 * rng.randn(3, 8, D) + 1,
            **random_params(rng, [D, *HIDDEN, C], normalization=True)}


SPEC = Spec(
    title="Fully-connected net with normalization",
    seconds=0.138,
    memory_mb=17.9,
    inputs=inputs,
    formulations=FORMULATIONS,
    correct_layers=("affine_forward", "affine_backward", "relu_forward", "relu_backward", "dropout_forward",
                    "dropout_backward", "batchnorm_forward", "batchnorm_backward", "batchnorm_backward_alt",
                    "layernorm_forward", "layernorm_backward"),
)
