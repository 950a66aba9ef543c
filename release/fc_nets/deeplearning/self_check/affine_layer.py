"""Public checks of the affine layer (FullyConnectedNets.ipynb): forward output and gradients."""
import numpy as np

from .common import (Checks, Formulation, checked_array, close, fail, first_match, norm_error, numeric_gradient, rng,
                     unchanged_input)

checks = Checks("affine_layer")


def _affine(x, w, b):
    return x.reshape(x.shape[0], -1) @ w + b


# The accepted ways of computing the forward output (the grader adds those of the gradients). Any order of
# summation (np.dot, @, einsum, tensordot, a flattened cache) gives the same float64 numbers up to rounding: at
# most about D * 1.1e-16 relative for D = 60 inputs per example (measured: below 1e-15), far below the 1e-9 the
# checks allow, while the closest mistake (no bias) differs by more than 0.1.
FORMULATIONS = {"test_forward": [Formulation("x.reshape(N, -1) @ w + b, in any order of summation",
                                             "the docstring; cs231n notes", _affine, docstring=True)]}
TOLERANCE = 1e-9


def check_affine_forward(x, w, b, out):
    """out must be x.reshape(N, -1) @ w + b."""
    out = checked_array(out, "affine_forward's output", shape=(x.shape[0], w.shape[1]))
    want = _affine(x, w, b)
    if first_match(out, FORMULATIONS["test_forward"], TOLERANCE, x, w, b):
        return
    if close(out, x.reshape(x.shape[0], -1) @ w, TOLERANCE):
        fail("affine_forward's output lacks the bias b", "no_bias")
    fail(f"affine_forward's output differs from x.reshape(N, -1) @ w + b (relative error {norm_error(out, want):.1e})",
         "wrong_output")


GRADIENT_HINTS = {"dx": "dx = dout @ w.T, reshaped to the shape of x", "dw": "dw = x.reshape(N, -1).T @ dout",
                  "db": "db sums dout over the examples"}


def check_affine_gradient(name, got, want, tolerance=TOLERANCE, against="the true gradient"):
    """got must equal want (a gradient of shape (1, M) for a bias of shape (M,) is fine). Both the true gradient
    and the numeric one of a linear function differ from a correct result by rounding only."""
    got = checked_array(got, name, shape=np.shape(want), broadcast=True)
    if not close(got, want, tolerance):
        fail(f"{name} differs from {against} (relative error {norm_error(got, want):.1e}): {GRADIENT_HINTS[name]}",
             f"wrong_{name}")


@checks.add("affine_forward computes x.reshape(N, -1) @ w + b and leaves x unchanged")
def _forward():
    from ..layers import affine_forward

    source = rng()
    x, w, b = source.randn(4, 3, 5), source.randn(15, 6), source.randn(6)
    x_before = x.copy()
    out, _ = affine_forward(x, w, b)
    check_affine_forward(x_before, w, b, out)
    unchanged_input(x_before, x, "affine_forward")


@checks.add("affine_backward gives the numeric gradients of your affine_forward")
def _backward():
    from ..layers import affine_backward, affine_forward

    source = rng()
    x, w, b, dout = source.randn(4, 3, 5), source.randn(15, 6), source.randn(6), source.randn(4, 6)
    _, cache = affine_forward(x, w, b)
    grads = dict(zip(("dx", "dw", "db"), affine_backward(dout, cache)))
    numeric = {"dx": numeric_gradient(lambda v: affine_forward(v, w, b)[0], x, dout),
               "dw": numeric_gradient(lambda v: affine_forward(x, v, b)[0], w, dout),
               "db": numeric_gradient(lambda v: affine_forward(x, w, v)[0], b, dout)}
    for key in ("dx", "dw", "db"):
        # Central differences with h = 1e-5 on a linear function: only rounding, about 1e-11 relative (1e-7 allowed).
        check_affine_gradient(key, grads[key], numeric[key], 1e-7, "the numeric gradient of your affine_forward")
