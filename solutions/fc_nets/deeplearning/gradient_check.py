"""Numeric gradients by centered differences, for checking analytic backward passes.

These loop over the elements of the input on purpose: each element is perturbed
on its own. Use them on small inputs and in float64.
"""
import numpy as np


def _values_around(f, x, ix, h):
    """Return (f at x with x[ix] + h, f at x with x[ix] - h); x is restored afterwards."""
    old_value = x[ix]
    x[ix] = old_value + h
    f_plus = f(x)
    x[ix] = old_value - h
    f_minus = f(x)
    x[ix] = old_value
    return f_plus, f_minus


def eval_numerical_gradient(f, x, verbose=True, h=1e-5):
    """Numeric gradient of a scalar function f at x.

    Inputs:
    - f: function taking one argument (it may ignore it and read x through a
      closure, as model.loss does with model.params) and returning a scalar
    - x: array at which to evaluate the gradient; perturbed in place and restored
    - verbose: print each partial derivative as it is computed
    - h: step of the centered difference

    Returns:
    - grad: array of the shape of x
    """
    grad = np.zeros_like(x)
    for ix in np.ndindex(x.shape):
        f_plus, f_minus = _values_around(f, x, ix, h)
        grad[ix] = (f_plus - f_minus) / (2 * h)
        if verbose:
            print(ix, grad[ix])
    return grad


def eval_numerical_gradient_array(f, x, df, h=1e-5):
    """Numeric gradient of an array-valued function f at x, contracted with df.

    Computes d(sum(f(x) * df)) / dx, which is what a layer's backward pass returns
    as dx when it receives the upstream derivative df.

    Inputs:
    - f: function taking an array like x and returning an array like df
    - x: array at which to evaluate the gradient; perturbed in place and restored
    - df: upstream derivative, same shape as f(x)
    - h: step of the centered difference

    Returns:
    - grad: array of the shape of x
    """
    grad = np.zeros_like(x)
    for ix in np.ndindex(x.shape):
        # f may return a view of a buffer it reuses, hence the copies.
        pos, neg = _values_around(lambda z: f(z).copy(), x, ix, h)
        grad[ix] = np.sum((pos - neg) * df) / (2 * h)
    return grad


def grad_check_sparse(f, x, analytic_grad, num_checks=10, h=1e-5):
    """Compare analytic and numeric gradients at a few random elements of x.

    Prints the numeric value, the analytic value and their relative error for
    num_checks randomly chosen elements.
    """
    for _ in range(num_checks):
        ix = tuple(np.random.randint(m) for m in x.shape)
        f_plus, f_minus = _values_around(f, x, ix, h)
        grad_numerical = (f_plus - f_minus) / (2 * h)
        grad_analytic = analytic_grad[ix]
        rel_error = abs(grad_numerical - grad_analytic) / (abs(grad_numerical) + abs(grad_analytic))
        print(f"numerical: {grad_numerical:f} analytic: {grad_analytic:f}, relative error: {rel_error:e}")
