"""FullyConnectedNet with dropout (Dropout.ipynb): initialization, loss, gradients, dropout placement, test mode.

The net is graded with the grader's correct layers in place of the student's
(CORRECT_LAYERS: autograder.grading.oracle), at the grader's own fixed parameters: a wrong
layer costs points in its own part only, and no check depends on the random stream.
"""
from autograder.mutants import FC_NET, Mutant
from autograder.parts.nets import random_params
from autograder.parts.two_layer_net import FORMULATIONS as TWO_LAYER
from autograder.parts.public_checks import common

TITLE = "Fully-connected net with dropout"

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
CORRECT_LAYERS = ("affine_forward", "affine_backward", "relu_forward", "relu_backward", "dropout_forward",
                  "dropout_backward")
HIDDEN, D, C = [20, 30], 15, 10


def inputs(rng):
    return {"X": rng.randn(6, D), "y": rng.randint(C, size=6), **random_params(rng, [D, *HIDDEN, C])}


MUTANTS = [
    Mutant("dropout_after_output", FC_NET,
           [("        caches.append(cache)\n        ### END SOLUTION",
             "        caches.append(cache)\n        if self.use_dropout:\n"
             "            scores, _ = dropout_forward(scores, self.dropout_param)\n        ### END SOLUTION")],
           "dropout also follows the output layer", public=False, mistake="fc_net/dropout_on_scores"),
    Mutant("dropout_first_layer_only", FC_NET,
           [("            if self.use_dropout:\n                hidden, cache",
             "            if self.use_dropout and i == 1:\n                hidden, cache"),
            ("            if self.use_dropout:\n                dout = dropout_backward",
             "            if self.use_dropout and i == 1:\n                dout = dropout_backward")],
           "first hidden layer only", public=False, mistake="fc_net/dropout_first_layer_only"),
    Mutant("no_reg_gradient", FC_NET, [('            grads[f"W{i}"] += self.reg * W\n', "")],
           "lacks the regularization term", mistake="fc_net/no_regularization_gradient"),
    Mutant("reg_without_half", FC_NET, [("loss += 0.5 * self.reg * np.sum(W * W)", "loss += self.reg * np.sum(W * W)")],
           "should be 0.5 * reg", mistake="fc_net/reg_without_half"),
    Mutant("unscaled_weights", FC_NET, [("weight_scale * np.random.randn(dims[i - 1], dims[i])",
                                         "np.random.randn(dims[i - 1], dims[i])")], "standard deviation",
           mistake="fc_net/weight_scale"),
    Mutant("dropout_at_test_time", FC_NET, [('        if self.use_dropout:\n            self.dropout_param["mode"] = mode\n',
                                             "")], "dropout is active at test time",
           mistake="fc_net/dropout_at_test_time"),
]
