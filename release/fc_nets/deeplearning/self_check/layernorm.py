"""Public checks of layer normalization (BatchNormalization.ipynb).

A layer normalization that calls your batchnorm_forward / batchnorm_backward (on x.T)
is graded with the grader's correct batch normalization in their place: if such a check
fails here while your batch normalization fails its own checks, fix that first.
"""
import numpy as np

from .batchnorm_forward import check_default_eps as check_batchnorm_default_eps
from .batchnorm_forward import EPS, normalized
from .common import (Checks, Formulation, Mistake, checked_array, close, fail, first_match, formulation_note,
                     norm_error, numeric_gradient, rng, unchanged_input)

checks = Checks("layernorm", replaced=("batchnorm_forward", "batchnorm_backward"))


def _rows(x):
    return x.mean(axis=1, keepdims=True), x.var(axis=1, keepdims=True)


# As in batchnorm_forward: eps added to each row's standard deviation instead of its variance changes the output by
# about eps / (2 var), here below 1e-6 (row variances near 25), while the closest mistake (statistics over the
# batch) differs by far more; each form is compared within 1e-7, a margin over rounding (below 1e-14 measured).
FORMULATIONS = {"test_forward": [
    Formulation("(x - row mean) / sqrt(row var + eps)", "the docstring; Ba, Kiros and Hinton 2016; PyTorch's "
                "LayerNorm", lambda x, gamma, beta: normalized(x, *_rows(x), gamma, beta), docstring=True),
    Formulation("eps added to each row's standard deviation: (x - row mean) / (row std + eps)",
                "a common variant (np.std(x, axis=1, keepdims=True) + eps)",
                lambda x, gamma, beta: normalized(x, *_rows(x), gamma, beta, eps_in_sqrt=False)),
]}
TOLERANCE = 1e-7
MISTAKES = [Mistake("over_the_batch", "layernorm_forward normalizes every feature over the batch (that is batch "
                    "normalization); normalize every example (row) over its features",
                    lambda x, gamma, beta: normalized(x, x.mean(axis=0), x.var(axis=0), gamma, beta)),
            Mistake("unbiased_variance", "the variance of each row is divided by D - 1 (the unbiased variance); layer "
                    "normalization uses the biased variance (np.var, ddof=0)",
                    lambda x, gamma, beta: normalized(x, x.mean(axis=1, keepdims=True),
                                                      x.var(axis=1, ddof=1, keepdims=True), gamma, beta)),
            Mistake("gamma_before_normalization", "gamma scales x before the normalization, which then undoes most of "
                    "it: normalize first, then scale by gamma and shift by beta",
                    lambda x, gamma, beta: normalized(gamma * x, *_rows(gamma * x), 1.0, beta))]


def forward_formulation(x, gamma, beta, out):
    return first_match(out, FORMULATIONS["test_forward"], TOLERANCE, x, gamma, beta)


def check_layernorm_forward(x, gamma, beta, out):
    out = checked_array(out, "layernorm_forward's output", shape=x.shape)
    if forward_formulation(x, gamma, beta, out):
        return
    mistake = first_match(out, MISTAKES, 1e-6, x, gamma, beta)
    if mistake:
        fail(mistake.message, mistake.id)
    want = FORMULATIONS["test_forward"][0].compute(x, gamma, beta)
    fail(f"layernorm_forward's output is wrong (relative error {norm_error(out, want):.1e})", "wrong_output")


def check_layernorm_independent(out, out_test_mode, out_first_row):
    """The output of a test-mode call and of a batch of one example, against your own output for the whole batch
    (whether that is right is the forward check's business)."""
    out = checked_array(out, "layernorm_forward's output", shape=np.shape(out_test_mode))
    every = checked_array(out_test_mode, "the output with ln_param {'mode': 'test'}", shape=out.shape)
    one = checked_array(out_first_row, "the output for a batch of one example", shape=out[:1].shape)
    if not (close(every, out, 1e-9) and close(one, out[:1], 1e-9)):
        fail("layer normalization must give the same output whatever the mode ('train' or 'test') and the other "
             "examples in the batch: it keeps no running averages", "depends_on_batch_or_mode")


def check_default_eps(x, gamma, beta, out_given, out_default, charge=True):
    """As batchnorm_forward's: an ln_param without eps normalizes as the default eps = 1e-5 does (the nets pass
    none); a smaller default is a note, a larger one costs points where charge."""
    return check_batchnorm_default_eps(x, gamma, beta, out_given, out_default, "layernorm_forward", charge, axis=1)


def check_layernorm_gradient(key, got, numeric, want=None, eps=EPS):
    """A gradient is right when it equals the numeric gradient of your own forward pass (central differences: about
    1e-10 relative here, 1e-6 allowed) or the reference's (rounding: 1e-7 allowed). eps: the one ln_param gave the
    forward pass; at a large one, a backward pass that rebuilds the standard deviation with an eps of its own
    shows (at the default it moves the gradients by less than 1e-6)."""
    got = checked_array(got, key, shape=np.shape(numeric), broadcast=True)
    if not ((want is not None and close(got, want, 1e-7)) or close(got, numeric, 1e-6)):
        said = "" if eps == EPS else (f" with eps = {eps:g} in ln_param: does layernorm_backward use the eps the "
                                      f"forward pass normalized with (keep it in the cache)?")
        fail(f"layernorm_backward: {key} differs from the gradient of your layernorm_forward (relative error "
             f"{norm_error(got, numeric):.1e}){said}", f"wrong_{key}")


LARGE_EPS = 1.0  # row variances near 4 here: an eps the backward pass does not take from the forward pass shows


def _inputs():
    source = rng()
    return 3 + 2 * source.randn(6, 9), 1 + 0.5 * source.rand(9), source.randn(9), source.randn(6, 9)


@checks.add("Each row is normalized with its own mean and biased variance, then scaled and shifted")
def _forward():
    from ..layers import layernorm_forward

    x, gamma, beta, _ = _inputs()
    x_before = x.copy()
    out = layernorm_forward(x, gamma, beta, {"eps": EPS})[0]
    check_layernorm_forward(x_before, gamma, beta, out)
    unchanged_input(x_before, x, "layernorm_forward")
    check_default_eps(x_before, gamma, beta, out, layernorm_forward(x_before.copy(), gamma, beta, {})[0])


@checks.add("The output of an example depends neither on the mode nor on the other examples")
def _independent():
    from ..layers import layernorm_forward

    x, gamma, beta, _ = _inputs()
    check_layernorm_independent(layernorm_forward(x.copy(), gamma, beta, {"eps": EPS})[0],
                                layernorm_forward(x.copy(), gamma, beta, {"mode": "test", "eps": EPS})[0],
                                layernorm_forward(x[:1].copy(), gamma, beta, {"eps": EPS})[0])


@checks.add("layernorm_backward: dx, dgamma and dbeta are the gradients of your forward pass")
def _backward():
    from ..layers import layernorm_backward, layernorm_forward

    x, gamma, beta, dout = _inputs()
    for eps in (EPS, LARGE_EPS):
        _, cache = layernorm_forward(x.copy(), gamma, beta, {"eps": eps})
        grads = dict(zip(("dx", "dgamma", "dbeta"), layernorm_backward(dout, cache)))
        numeric = {"dx": numeric_gradient(lambda v: layernorm_forward(v, gamma, beta, {"eps": eps})[0], x, dout),
                   "dgamma": numeric_gradient(lambda v: layernorm_forward(x, v, beta, {"eps": eps})[0], gamma, dout),
                   "dbeta": numeric_gradient(lambda v: layernorm_forward(x, gamma, v, {"eps": eps})[0], beta, dout)}
        for key in ("dx", "dgamma", "dbeta"):
            check_layernorm_gradient(key, grads[key], numeric[key], eps=eps)


@checks.add("Without eps in ln_param, the output is the docstring's default eps = 1e-5", note=True)
def _default_eps():
    from ..layers import layernorm_forward

    x, gamma, beta, _ = _inputs()
    note = check_default_eps(x, gamma, beta, layernorm_forward(x.copy(), gamma, beta, {"eps": EPS})[0],
                             layernorm_forward(x.copy(), gamma, beta, {})[0], charge=False)
    if note:
        fail(note, "default_eps")


@checks.add("Each row is normalized as the docstring says (eps added to the variance)", note=True)
def _docstring_form():
    from ..layers import layernorm_forward

    x, gamma, beta, _ = _inputs()
    out = checked_array(layernorm_forward(x, gamma, beta, {"eps": EPS})[0], "layernorm_forward's output",
                        shape=x.shape)
    formulation_note({"your layernorm_forward": forward_formulation(x, gamma, beta, out)})
