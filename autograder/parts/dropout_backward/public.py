"""Public checks of the dropout backward pass (Dropout.ipynb).

The backward pass is judged against your own forward pass: dx must be dout times the
multiplier your forward applied (0 or 1/p), whatever form your cache holds it in. Where
your dropout_forward cannot produce a train-mode output for an input (a mistake charged
in dropout_forward), the backward pass gets the cache the docstring describes instead
(2-D input) or that input is left out (3-D input), as the grader does.
"""
import numpy as np

from .common import Checks, Skipped, checked_array, fail, rng

checks = Checks("dropout_backward")


def check_dropout_gradient(dx, dout, mask, what=""):
    """dx must be dout times the forward pass's multiplier mask (0 or 1/p)."""
    dx = checked_array(dx, f"dx{what}", shape=dout.shape)
    if np.allclose(dx, dout * mask, rtol=1e-6, atol=1e-12):
        return
    if not np.array_equal(dx == 0, mask == 0):
        fail(f"dx{what} is zero where the forward pass kept units (or the reverse): the backward pass must reuse the "
             f"mask stored in the cache, not draw a new one", "new_mask")
    if np.allclose(dx, dout * (mask != 0)):
        fail(f"dx{what} is not scaled by 1/p: the gradient through a kept unit is dout / p, as in the forward pass",
             "unscaled")
    fail(f"dx{what} should equal dout times the mask of the forward pass", "wrong_dx")


def check_dropout_test_backward(dx, dout):
    dx = checked_array(dx, "the test-mode dx", shape=dout.shape)
    if not np.allclose(dx, dout, rtol=1e-12, atol=0):
        fail("in test mode the backward pass should return dout unchanged: the forward pass is the identity",
             "test_mode_changes_dout")


def own_forward(x, p):
    """(out, cache) of your train-mode dropout_forward, or None where it cannot produce an output of x's shape."""
    from ..layers import dropout_forward

    try:
        out, cache = dropout_forward(x, {"mode": "train", "p": p})
    except NotImplementedError:
        raise
    except Exception:  # noqa: BLE001 - charged in dropout_forward
        return None
    return (out, cache) if out is not None and np.shape(out) == x.shape else None


def documented_cache(x, p, source):
    """A mask as the docstring describes it (0 or 1/p) and the cache (dropout_param, mask)."""
    mask = (source.rand(*x.shape) < p) / p
    return mask, ({"mode": "train", "p": p}, mask)


@checks.add("In train mode dx is dout through the forward pass's mask and its 1/p scaling")
def _train():
    from ..layers import dropout_backward

    source = rng()
    judged = 0
    for x in (1 + source.rand(60, 70), 1 + source.rand(20, 15, 10)):
        dout, p, what = source.randn(*x.shape), 0.6, "" if x.ndim == 2 else " for a 3-D input"
        forward = own_forward(x, p)
        if forward is None:
            if x.ndim != 2:
                continue  # the grader leaves this input out too
            mask, cache = documented_cache(x, p, source)
        else:
            mask, cache = checked_array(forward[0], "dropout_forward's train-mode output", shape=x.shape) / x, forward[1]
        np.random.rand(1000)  # a mask drawn anew in the backward pass would differ
        check_dropout_gradient(dropout_backward(dout, cache), dout, mask, what)
        judged += 1
    if not judged:
        raise Skipped("your dropout_forward gives no train-mode output to check the backward pass with")


@checks.add("In test mode dx is dout, unchanged")
def _test():
    from ..layers import dropout_backward, dropout_forward

    source = rng()
    x, dout = 1 + source.rand(60, 70), source.randn(60, 70)
    check_dropout_test_backward(dropout_backward(dout, dropout_forward(x, {"mode": "test", "p": 0.6})[1]), dout)
