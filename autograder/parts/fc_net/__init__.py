"""FullyConnectedNet with dropout (Dropout.ipynb): initialization, loss, gradients, dropout placement, test mode.

The net is graded with the grader's correct layers in place of the student's
(correct_layers: autograder/grading/oracle.py), at the grader's own fixed parameters: a wrong
layer costs points in its own part only, and no check depends on the random stream.
"""
from autograder.parts.nets import random_params
from autograder.parts.two_layer_net import FORMULATIONS as TWO_LAYER
from autograder.parts.public_checks import common
from autograder.parts.spec import Spec


# Accepted: as for TwoLayerNet (the same net code, checked the same way), and dropout right before the ReLU
# instead of after it (its mask holds 0 and 1/p, which commute with the ReLU: the same numbers; a note).
FORMULATIONS = {
    "test_initialization": TWO_LAYER["test_initialization"],
    "test_loss_scores_and_regularization": TWO_LAYER["test_losses"],
    "test_gradients": TWO_LAYER["test_gradients"],
    "test_dropout_follows_every_hidden_relu": [
        common.Formulation("dropout after each hidden ReLU", "the docstring", None, docstring=True),
        common.Formulation("dropout right before each hidden ReLU", "Keras examples (Dropout before Activation)",
                           None)],
}
HIDDEN, D, C = [20, 30], 15, 10


def inputs(rng):
    return {"X": rng.randn(6, D), "y": rng.randint(C, size=6), **random_params(rng, [D, *HIDDEN, C])}


SPEC = Spec(
    title="Fully-connected net with dropout",
    seconds=0.157,
    memory_mb=17.8,
    inputs=inputs,
    formulations=FORMULATIONS,
    correct_layers=("affine_forward", "affine_backward", "relu_forward", "relu_backward", "dropout_forward",
                    "dropout_backward"),
)
