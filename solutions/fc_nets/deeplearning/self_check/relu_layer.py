"""Public checks of the ReLU layer (FullyConnectedNets.ipynb)."""
import numpy as np

from .common import Checks, Formulation, checked_array, fail, first_match, rng, unchanged_input

checks = Checks("relu_layer")

# ReLU involves no rounding: every accepted form (np.maximum, x * (x > 0), np.where, np.clip, a boolean mask on a
# copy) gives exactly max(0, x), and the backward pass exactly dout or 0. Where x == 0 exactly any value between 0
# and dout is a subgradient: the checks use inputs without zeros, and a note tells the convention.
FORMULATIONS = {
    "test_forward": [Formulation("max(0, x), elementwise", "the docstring", lambda x: np.maximum(x, 0), docstring=True)],
    "test_backward": [Formulation("dout where x > 0, 0 where x < 0", "the docstring",
                                  lambda x, dout: np.where(x > 0, dout, 0.0), docstring=True)],
}
TOLERANCE = 1e-15


def check_relu_forward(x, out):
    out = checked_array(out, "relu_forward's output", shape=x.shape)
    if not first_match(out, FORMULATIONS["test_forward"], TOLERANCE, x):
        fail("relu_forward's output should be max(0, x), elementwise", "wrong_output")


def check_relu_backward(x, dout, dx):
    dx = checked_array(dx, "dx", shape=x.shape)
    if first_match(dx, FORMULATIONS["test_backward"], TOLERANCE, x, dout):
        return
    if np.allclose(dx, np.where(x < 0, dout, 0.0)):
        fail("dx passes the gradient where x < 0: it flows only where x > 0", "gradient_where_negative")
    fail("dx should equal dout where x > 0 and 0 where x < 0", "wrong_dx")


def check_backward_leaves_x(x_before, x_after):
    """relu_backward must not change the x its cache holds: that is the caller's array (the affine layer's output in
    a net, the notebook's x in its gradient check), which is then wrong for whatever uses it next."""
    unchanged_input(x_before, x_after, "relu_backward", "the x its cache holds (relu_forward's input, the caller's "
                    "array)", "backward_modifies_cache")


def dout_note(dout_before, dout_after):
    """A note where relu_backward changes dout in place: nothing in this assignment uses a dout again after the
    backward pass it was given to, so it costs no points."""
    if not np.array_equal(dout_before, dout_after):
        fail("relu_backward modified dout in place. It costs no points here, since no caller uses that dout again, "
             "but a caller that did (a test that compares two backward passes) would get wrong numbers",
             "backward_modifies_dout")


def subgradient_at_zero_note(x, dx):
    """A note unless dx is 0 where x == 0."""
    if not np.all(checked_array(dx, "dx", shape=x.shape)[x == 0] == 0):
        fail("where x == 0 exactly, dx passes (part of) the gradient: any value between 0 and dout is a valid "
             "subgradient there, and real pre-activations are never exactly 0. This costs no points; the convention "
             "is 0", "subgradient_at_zero")


@checks.add("relu_forward returns max(0, x) and leaves x unchanged")
def _forward():
    from ..layers import relu_forward

    x = rng().randn(6, 7)
    x_before = x.copy()
    check_relu_forward(x_before, relu_forward(x)[0])
    unchanged_input(x_before, x, "relu_forward")


@checks.add("relu_backward passes dout where x > 0 and 0 where x < 0")
def _backward():
    from ..layers import relu_backward, relu_forward

    source = rng()
    x, dout = source.randn(6, 7), source.randn(6, 7)
    x_given = x.copy()
    check_relu_backward(x, dout, relu_backward(dout.copy(), relu_forward(x_given)[1]))
    check_backward_leaves_x(x, x_given)
