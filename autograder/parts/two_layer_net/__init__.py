"""TwoLayerNet (FullyConnectedNets.ipynb): initialization, scores, losses and gradients.

Graded with the grader's correct affine and ReLU layers in place of the student's
(correct_layers: autograder/grading/oracle.py) and at the grader's fixed parameters.
"""
import numpy as np

from autograder.parts.public_checks import common
from autograder.parts.spec import Spec


# Accepted (checked at the grader's parameters, with correct layers): biases of shape (H,), (1, H) or a scalar 0 at
# initialization (a note), weights drawn in any order or with np.random.normal (statistical bounds); the softmax loss
# computed naively or stably agrees to 1e-15 relative, 1e-8 allowed; gradients against the reference within 1e-6.
FORMULATIONS = {
    "test_initialization": [common.Formulation("zero biases of shape (H,), (1, H) or a scalar 0; weights of standard "
                                               "deviation weight_scale, drawn in any order", "the docstring", None,
                                               docstring=True)],
    "test_losses": [common.Formulation("mean softmax cross-entropy + 0.5 * reg * sum of squared weights, stable or "
                                       "naive softmax", "the docstring", None, docstring=True)],
    "test_gradients": [common.Formulation("the gradients of that loss, in any order of the backward pass", "the "
                                          "docstring", None, docstring=True)],
}


def inputs(rng):
    random = {f"param_{name}": 0.5 * rng.randn(*shape)
              for name, shape in (("W1", (12, 9)), ("b1", (9,)), ("W2", (9, 4)), ("b2", (4,)))}
    N, D, H, C = 3, 5, 50, 7  # the notebook's check
    notebook = {"notebook_W1": np.linspace(-0.7, 0.3, num=D * H).reshape(D, H),
                "notebook_b1": np.linspace(-0.1, 0.9, num=H),
                "notebook_W2": np.linspace(-0.3, 0.4, num=H * C).reshape(H, C),
                "notebook_b2": np.linspace(-0.9, 0.1, num=C),
                "notebook_X": np.linspace(-5.5, 4.5, num=N * D).reshape(D, N).T, "notebook_y": np.array([0, 5, 1])}
    return {**random, "X": rng.randn(6, 12), "y": rng.randint(4, size=6), **notebook}


SPEC = Spec(
    title="Two-layer network",
    seconds=0.098,
    memory_mb=18.4,
    inputs=inputs,
    formulations=FORMULATIONS,
    correct_layers=("affine_forward", "affine_backward", "relu_forward", "relu_backward"),
)
