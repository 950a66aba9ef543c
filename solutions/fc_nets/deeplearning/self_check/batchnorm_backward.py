"""Public checks of the batch normalization backward passes (BatchNormalization.ipynb).

Each backward pass is judged against your own forward pass, whatever your cache holds:
its gradients must be the numeric gradients of your batchnorm_forward, or the textbook
formula applied to the statistics your forward pass computed. A mistake in the forward
pass (N - 1, say) is charged in batchnorm_forward only.
"""

from .common import (Checks, Formulation, checked_array, close, fail, norm_error, numeric_gradient, rng,
                     unchanged_input)

checks = Checks("batchnorm_backward")


def own_statistics(x, out, gamma, beta):
    """x_hat and the inverse standard deviation that a forward pass used, read back from its output out (so eps
    inside or outside the square root both fit)."""
    x_hat = (out - beta) / gamma
    centered = x - x.mean(axis=0)
    return x_hat, (x_hat * centered).sum(axis=0) / (centered * centered).sum(axis=0)


def _dx(x, out, gamma, beta, dout, mean_term=True, variance_term=True, with_gamma=True):
    """The textbook dx for the statistics of out, or with one of its terms left out (the usual mistakes)."""
    x_hat, inv_std = own_statistics(x, out, gamma, beta)
    dx_hat = dout * gamma if with_gamma else dout
    return inv_std * (dx_hat - (dx_hat.mean(axis=0) if mean_term else 0)
                      - (x_hat * (dx_hat * x_hat).mean(axis=0) if variance_term else 0))


def textbook_gradients(x, out, gamma, beta, dout):
    """The textbook gradients for the normalization a forward pass actually computed (its output out)."""
    x_hat, _ = own_statistics(x, out, gamma, beta)
    return {"dx": _dx(x, out, gamma, beta, dout), "dgamma": (dout * x_hat).sum(axis=0), "dbeta": dout.sum(axis=0)}


# Any correct backward pass (the computational graph node by node, the compact formula, one that recomputes the
# statistics from x) is the gradient of its own forward pass. Central differences approximate that gradient to
# about (h / std)^2 relative (h = 1e-5 at the usual inputs, std near 5: 4e-12; h = 1e-7 at the inputs whose variance
# is close to eps, std near 3e-3: 1e-9), so 1e-6 is allowed; the textbook formula on the forward's statistics
# agrees with a correct pass to rounding (1e-7 allowed). The inputs with a variance close to eps catch a backward
# pass that leaves eps out while its forward pass has it (off by a factor of about 2 there, though only by
# eps / (2 var), 2e-7, at the usual inputs). The mistakes below differ by more than 1e-2.
FORMULATIONS = {check: [Formulation("the numeric gradient of your own batchnorm_forward", "any correct backward pass",
                                    None, docstring=True),
                        Formulation("the textbook formula on your forward's statistics", "Ioffe and Szegedy 2015, "
                                    "section 3; the compact cs231n form", textbook_gradients, docstring=True)]
                for check in ("test_batchnorm_backward", "test_batchnorm_backward_alt")}
NUMERIC_TOLERANCE, FORMULA_TOLERANCE = 1e-6, 1e-7
DX_MISTAKES = [
    ("no_variance_term", "it lacks the term through the variance: remember that the variance depends on x too",
     {"variance_term": False}),
    ("no_mean_term", "it lacks the term through the mean: remember that the mean depends on x too",
     {"mean_term": False}),
    ("dx_without_gamma", "it is not multiplied by gamma: the gradient reaches x_hat as dout * gamma",
     {"with_gamma": False}),
    ("dx_without_statistics", "remember that the mean and the variance depend on x too",
     {"mean_term": False, "variance_term": False}),
]


def check_batchnorm_gradients(name, x, gamma, beta, dout, out, grads, numeric, what=""):
    """A backward pass is right when it equals the numeric gradient of the forward pass it belongs to, or the
    textbook formula applied to the statistics that forward pass computed."""
    out = checked_array(out, "batchnorm_forward's training output", shape=x.shape)
    formula = textbook_gradients(x, out, gamma, beta, dout)
    for key, like in (("dx", x), ("dgamma", gamma), ("dbeta", beta)):
        got = checked_array(grads.get(key), f"{key} of {name}", shape=like.shape, broadcast=True)
        if close(got, numeric[key], NUMERIC_TOLERANCE) or close(got, formula[key], FORMULA_TOLERANCE):
            continue
        message = (f"{name}: {key} differs from the gradient of your batchnorm_forward{what} (relative error "
                   f"{norm_error(got, numeric[key]):.1e})")
        for mistake, hint, terms in DX_MISTAKES if key == "dx" else ():
            if close(got, _dx(x, out, gamma, beta, dout, **terms), 1e-6):
                fail(f"{message}: {hint}", mistake)
        if what:
            fail(f"{message}: use the same sqrt(var + eps) as your forward pass; a backward pass that leaves eps out "
                 f"is wrong for features whose variance is close to eps", "eps_missing_in_backward")
        fail(message, f"wrong_{key}")


def check_backward_leaves_its_arguments(name, x_before, x_after, dout_before, dout_after, grads, again):
    """The notebook gives batchnorm_backward and batchnorm_backward_alt the same dout and the same cache, one after
    the other: a backward pass that changes either in place (or the x the cache holds, the caller's array) makes the
    other one, and the notebook's comparison of the two, wrong. So it costs the function's points."""
    unchanged_input(x_before, x_after, name, "the x its cache holds (the caller's array)", "backward_modifies_x")
    unchanged_input(dout_before, dout_after, name, "dout (the notebook passes the same dout to both backward passes)",
                    "backward_modifies_dout")
    for key in grads:
        if not close(again[key], grads[key], 1e-12):
            fail(f"{name} changes its cache in place: a second call with the same cache (as the notebook makes with "
                 f"the other backward pass) gives another {key}; compute new arrays instead of writing into the "
                 f"cache's", "backward_modifies_cache")


def inputs(source):
    """(x, gamma, beta, dout, h, what) of the usual inputs and of inputs whose variance is close to eps (1e-5)."""
    gamma, beta = 1 + 0.5 * source.rand(5), source.randn(5)
    return [(5 + 3 * source.randn(12, 5), gamma, beta, source.randn(12, 5), 1e-5, ""),
            (12 + 3e-3 * source.randn(12, 5), gamma, beta, source.randn(12, 5), 1e-7,
             " for features whose variance is close to eps")]


def _check(name):
    from .. import layers

    def forward(x_, gamma_, beta_):
        return layers.batchnorm_forward(x_, gamma_, beta_, {"mode": "train", "eps": 1e-5, "momentum": 0.9})[0]

    for x, gamma, beta, dout, h, what in inputs(rng()):
        numeric = {"dx": numeric_gradient(lambda v: forward(v, gamma, beta), x.copy(), dout, h),
                   "dgamma": numeric_gradient(lambda v: forward(x.copy(), v, beta), gamma, dout, h),
                   "dbeta": numeric_gradient(lambda v: forward(x.copy(), gamma, v), beta, dout, h)}
        given, dout_given = x.copy(), dout.copy()  # what the functions get: they may change them in place
        out, cache = layers.batchnorm_forward(given, gamma, beta, {"mode": "train", "eps": 1e-5, "momentum": 0.9})
        x_before = given.copy()
        grads = dict(zip(("dx", "dgamma", "dbeta"), getattr(layers, name)(dout_given, cache)))
        check_batchnorm_gradients(name, x, gamma, beta, dout, out, grads, numeric, what)
        again = dict(zip(("dx", "dgamma", "dbeta"), getattr(layers, name)(dout.copy(), cache)))
        check_backward_leaves_its_arguments(name, x_before, given, dout, dout_given, grads, again)


@checks.add("batchnorm_backward: dx, dgamma and dbeta are the gradients of your forward pass")
def _backward():
    _check("batchnorm_backward")


@checks.add("batchnorm_backward_alt: the same gradients from the simplified expression")
def _backward_alt():
    _check("batchnorm_backward_alt")
