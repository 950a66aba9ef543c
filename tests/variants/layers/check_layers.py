"""Check the layer variants of this folder against the reference deeplearning/layers.py.

Every variant is loaded as the grading harness sees it: the reference module's
source is executed, then the variant's, in one namespace, so the variant's
functions replace the reference ones of the same name and every other function
(and every call between them) comes from the reference.

A correct variant (EXPECT == {}) must pass the checks of every graded part. A bug
variant must fail the checks of the part its EXPECT names and show the bug its
file name claims; the other parts are reported.

What behaves the same is a note, not a failure: eps outside the square root, a
default eps smaller than the docstrings' 1e-5 (it moves the output by less than
eps = 1e-5 does itself), running averages and parameter gradients (db, dgamma,
dbeta) in shapes that broadcast like the documented ones, and a relu_backward that
overwrites dout (no caller in the assignment reads it again). A layer must leave
the caller's arrays alone otherwise: x in the forward passes, the cache (which is
the caller's x for the ReLU) in relu_backward, dout in the other backward passes
(the notebook hands one dout to batchnorm_backward and batchnorm_backward_alt).

Run from the repository root: python tests/variants/layers/check_layers.py
"""
import ast
import math
import sys
import warnings
from pathlib import Path
from types import SimpleNamespace

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
PACKAGE = ROOT / "source" / "fc_nets"
sys.path.insert(0, str(PACKAGE))

from deeplearning import layers as ref  # noqa: E402
from deeplearning.gradient_check import eval_numerical_gradient_array  # noqa: E402

REFERENCE_SOURCE = (PACKAGE / "deeplearning" / "layers.py").read_text()
REFERENCE_NAMES = {node.name for node in ast.parse(REFERENCE_SOURCE).body if isinstance(node, ast.FunctionDef)}
PARTS = ("affine_layer", "relu_layer", "batchnorm_forward", "batchnorm_backward", "layernorm",
         "dropout_forward", "dropout_backward")

EXACT = 1e-10
NUMERIC = 1e-7
SIGMAS = 5


class Failure(Exception):
    pass


class Skip(Exception):
    pass


def expect(condition, message):
    if not condition:
        raise Failure(message)


def err(got, want):
    """Largest absolute difference, relative to the largest magnitude of want."""
    got, want = np.asarray(got, dtype=np.float64), np.asarray(want, dtype=np.float64)
    if got.shape != want.shape:
        return math.inf
    scale = max(float(np.max(np.abs(want), initial=0.0)), 1e-300)
    return float(np.max(np.abs(got - want), initial=0.0)) / scale


def close(name, got, want, tol=EXACT):
    expect(got is not None, f"{name} is None")
    got = np.asarray(got)
    expect(got.shape == np.shape(want), f"{name} has shape {got.shape}, expected {np.shape(want)}")
    error = err(got, want)
    expect(error <= tol, f"{name} is off by {error:.1e} (tolerance {tol:.0e})")


def close_any(name, got, wants, tol=EXACT):
    """got equals one of the accepted results wants ({form: array}); returns the form it matched."""
    errors = {}
    for form, want in wants.items():
        try:
            close(name, got, want, tol)
            return form
        except Failure as exc:
            errors[form] = str(exc)
    raise Failure(" / ".join(f"{form}: {error}" for form, error in errors.items()))


def bn_forms(x, gamma, beta, mean, var, eps):
    """The accepted normalizations: eps added to the variance (the docstring) or to the standard deviation, which
    changes the result by about eps / (2 var) only."""
    return {"eps in sqrt": gamma * (x - mean) / np.sqrt(var + eps) + beta,
            "eps outside sqrt": gamma * (x - mean) / (np.sqrt(var) + eps) + beta}


DEFAULT_EPS = 1e-5  # the default of eps in the batchnorm_forward and layernorm_forward docstrings


def default_eps_forms(out, x, gamma, beta, mean, var, axis):
    """The accepted results when bn_param / ln_param leaves eps to its default.

    The docstrings' default is 1e-5. eps only guards the division: any positive default up to 1e-5 moves the output
    by at most what eps = 1e-5 does itself (about 1e-5 / (2 var) relative), the size of the accepted gap between eps
    inside and outside the square root, so such a default behaves the same; a larger default moves it by more and is
    not accepted. The eps the output was normalized with is fitted from out (statistics along axis; a fitted eps of
    0 cannot be told from 1e-14 here).
    """
    forms = bn_forms(x, gamma, beta, mean, var, DEFAULT_EPS)
    out = np.asarray(out, dtype=np.float64)
    if out.shape != x.shape:
        return forms
    scaled = gamma * (x - mean)  # out - beta = scaled * (1 / denominator)
    inv = (scaled * (out - beta)).sum(axis=axis, keepdims=True) / (scaled * scaled).sum(axis=axis, keepdims=True)
    std = np.sqrt(var)
    for form, per_stat in (("eps in sqrt", 1 / inv ** 2 - var), ("eps outside sqrt", 1 / inv - std)):
        eps = float(np.median(per_stat))
        consistent = np.ptp(per_stat) <= 1e-2 * abs(eps) + 1e-13  # one eps for every row or column: this form
        if consistent and 0 <= eps < DEFAULT_EPS * (1 - 1e-9):
            forms[f"{form}, default eps {eps:.0e} (the docstring's 1e-5 or less)"] = bn_forms(
                x, gamma, beta, mean, var, eps)[form]
    return forms


def param_like(what, got, shape, notes):
    """A parameter's gradient in a shape that broadcasts like the parameter's ((1, D) for (D,)), as that shape; a
    shape that does not ((D, 1) for (D,): an update would give a (D, D) parameter) is returned as it is."""
    got = np.asarray(got)
    if got.shape == tuple(shape) or got.size != int(np.prod(shape)):
        return got
    try:
        combined = np.broadcast_shapes(got.shape, tuple(shape))
    except ValueError:
        return got
    if int(np.prod(combined)) != got.size:
        return got
    notes.add(f"{what} has shape {got.shape}, which broadcasts like {tuple(shape)}")
    return got.reshape(shape)


def running(value, D):
    """A running average of shape (D,) or (1, D) (it broadcasts the same), as shape (D,)."""
    value = np.asarray(value)
    expect(value.shape in ((D,), (1, D)), f"a running average has shape {value.shape}, expected ({D},)")
    return value.reshape(D)


def numeric_grad(f, x, dout):
    return eval_numerical_gradient_array(f, x.copy(), dout)


def note_dtype(notes, what, value, dtype):
    if np.asarray(value).dtype != dtype:
        notes.add(f"{what} is {np.asarray(value).dtype} for {np.dtype(dtype).name} input")


# ------------------------------------------------------------------ affine layer
def check_affine_layer(L, notes):
    rng = np.random.RandomState(1)
    for shape, M in (((5, 6), 4), ((4, 3, 5), 7), ((2, 3, 2, 2), 3)):
        x = rng.randn(*shape)
        D = int(np.prod(shape[1:]))
        w, b, dout = rng.randn(D, M), rng.randn(M), rng.randn(shape[0], M)
        x_before = x.copy()
        out, cache = L.affine_forward(x, w, b)
        want, ref_cache = ref.affine_forward(x, w, b)
        close(f"affine_forward{shape}", out, want)
        expect(np.array_equal(x, x_before), "affine_forward modified x")
        dout_before = dout.copy()
        grads = L.affine_backward(dout, cache)
        expect(np.array_equal(dout, dout_before), "affine_backward modified dout")
        grads = (grads[0], grads[1], param_like("affine db", grads[2], b.shape, notes))
        for name, got, want in zip(("dx", "dw", "db"), grads, ref.affine_backward(dout, ref_cache)):
            close(f"{name}{shape}", got, want)
        numeric = (numeric_grad(lambda z: L.affine_forward(z, w, b)[0], x, dout),
                   numeric_grad(lambda z: L.affine_forward(x, z, b)[0], w, dout),
                   numeric_grad(lambda z: L.affine_forward(x, w, z)[0], b, dout))
        for name, got, want in zip(("dx", "dw", "db"), grads, numeric):
            close(f"{name}{shape} against the numeric gradient", got, want, NUMERIC)

    x, w, b, dout = rng.randn(3, 2, 4), rng.randn(8, 5), rng.randn(5), rng.randn(3, 5)
    f32 = [a.astype(np.float32) for a in (x, w, b, dout)]
    out, cache = L.affine_forward(*f32[:3])
    grads = L.affine_backward(f32[3], cache)
    grads = (grads[0], grads[1], param_like("affine db", grads[2], b.shape, notes))
    want, ref_cache = ref.affine_forward(*[a.astype(np.float64) for a in f32[:3]])
    close("float32 affine_forward", out, want, 1e-5)
    note_dtype(notes, "affine_forward's output", out, np.float32)
    for name, got, want in zip(("dx", "dw", "db"), grads, ref.affine_backward(f32[3].astype(np.float64), ref_cache)):
        close(f"float32 {name}", got, want, 1e-5)
        note_dtype(notes, f"affine {name}", got, np.float32)


# ------------------------------------------------------------------ ReLU
def check_relu_layer(L, notes):
    rng = np.random.RandomState(2)
    for shape in ((6, 8), (3, 4, 5)):
        x = rng.randn(*shape)
        x.flat[::7] = 0
        dout = rng.randn(*shape)
        x_before = x.copy()
        out, cache = L.relu_forward(x)
        expect(np.shape(out) == x.shape and np.array_equal(out, np.maximum(x, 0)),
               f"relu_forward{shape} differs from np.maximum(x, 0)")
        expect(np.array_equal(x, x_before), "relu_forward modified x")
        dout_before = dout.copy()
        dx = np.asarray(L.relu_backward(dout, cache))
        expect(np.array_equal(x, x_before), "relu_backward modified its cache, the caller's x")
        if not np.array_equal(dout, dout_before):
            # every caller of relu_backward in the assignment (the sandwich layers, the nets, the notebook) passes a
            # gradient it does not read again, so overwriting it is harmless
            notes.add("relu_backward overwrites dout")
            dout = dout_before
        expect(dx.shape == x.shape, f"relu_backward{shape} returns shape {dx.shape}")
        nonzero, zero = x != 0, x == 0
        expect(np.array_equal(dx[nonzero], np.where(x > 0, dout, 0.0)[nonzero]),
               f"relu_backward{shape} is not dout where x > 0 and 0 where x < 0")
        share = dx[zero] / np.where(dout[zero] == 0, 1, dout[zero])
        expect(np.all((share >= 0) & (share <= 1)), "relu_backward at x == 0 is not a subgradient (between 0 and dout)")
        if np.any(share != 0):
            notes.add(f"subgradient {float(np.max(share)):g} at x == 0")

        smooth = rng.randn(*shape)
        smooth += np.sign(smooth) * 0.1
        _, cache = L.relu_forward(smooth)
        close(f"relu dx{shape} against the numeric gradient", L.relu_backward(dout.copy(), cache),
              numeric_grad(lambda z: L.relu_forward(z)[0], smooth, dout), NUMERIC)

    x32, dout32 = rng.randn(4, 5).astype(np.float32), rng.randn(4, 5).astype(np.float32)
    out, cache = L.relu_forward(x32)
    dx = L.relu_backward(dout32.copy(), cache)
    expect(np.array_equal(out, np.maximum(x32, 0)), "float32 relu_forward is wrong")
    expect(np.array_equal(dx, np.where(x32 > 0, dout32, 0)), "float32 relu_backward is wrong")
    note_dtype(notes, "relu_forward's output", out, np.float32)
    note_dtype(notes, "relu_backward's dx", dx, np.float32)


# ------------------------------------------------------------------ batch normalization
def bn_data(rng, N=40, D=6):
    return 3 * rng.randn(N, D) + 5, 0.5 + rng.rand(D), rng.randn(D)


def check_batchnorm_forward(L, notes):
    rng = np.random.RandomState(3)
    x, gamma, beta = bn_data(rng)
    N, D = x.shape

    for params in ({"mode": "train"}, {"mode": "train", "momentum": 0.8, "eps": 1e-3},
                   {"mode": "train", "momentum": 0.7, "running_mean": rng.randn(D), "running_var": rng.rand(D)}):
        mine = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in params.items()}
        theirs = {k: (v.copy() if isinstance(v, np.ndarray) else v) for k, v in params.items()}
        x_before = x.copy()
        out, cache = L.batchnorm_forward(x, gamma, beta, mine)
        ref.batchnorm_forward(x, gamma, beta, theirs)
        forms = (bn_forms(x, gamma, beta, x.mean(0), x.var(0), params["eps"]) if "eps" in params
                 else default_eps_forms(out, x, gamma, beta, x.mean(0), x.var(0), axis=0))
        form = close_any("batchnorm_forward's training output", out, forms)
        if form != "eps in sqrt":
            notes.add(f"training output: {form}")
        expect(cache is not None, "batchnorm_forward returns no cache in train mode")
        expect(np.array_equal(x, x_before), "batchnorm_forward modified x")
        close(f"bn_param['running_mean'] after one step ({sorted(params)})", running(mine.get("running_mean"), D),
              theirs["running_mean"])
        unbiased = theirs["running_var"] + (1 - params.get("momentum", 0.9)) * (x.var(0, ddof=1) - x.var(0))
        if close_any(f"bn_param['running_var'] after one step ({sorted(params)})", running(mine.get("running_var"), D),
                     {"biased": theirs["running_var"], "unbiased": unbiased}) == "unbiased":
            notes.add("running variance averages the unbiased variance")

    mine, theirs = {"mode": "train"}, {"mode": "train"}
    unbiased_var = np.zeros(D)
    for step in range(6):
        batch = (1 + step) * rng.randn(N, D) + step
        L.batchnorm_forward(batch, gamma, beta, mine)
        ref.batchnorm_forward(batch, gamma, beta, theirs)
        unbiased_var = 0.9 * unbiased_var + 0.1 * batch.var(0, ddof=1)
        close(f"bn_param['running_mean'] after {step + 1} steps", running(mine["running_mean"], D),
              theirs["running_mean"])
        close_any(f"bn_param['running_var'] after {step + 1} steps", running(mine["running_var"], D),
                  {"biased": theirs["running_var"], "unbiased": unbiased_var})

    mine["mode"] = "test"
    before = {key: np.array(mine[key]) for key in ("running_mean", "running_var")}
    out, cache = L.batchnorm_forward(x, gamma, beta, mine)
    mean, var = (running(before[key], D) for key in ("running_mean", "running_var"))
    form = close_any("batchnorm_forward's test output", out, default_eps_forms(out, x, gamma, beta, mean, var, axis=0))
    if form != "eps in sqrt":
        notes.add(f"test output: {form}")
    for key, value in before.items():
        expect(np.array_equal(mine[key], value), f"a test-mode call changed bn_param['{key}']")

    small_var = {"mode": "test", "eps": 1e-2, "running_mean": rng.randn(D), "running_var": 0.01 * rng.rand(D)}
    out, _ = L.batchnorm_forward(x, gamma, beta, dict(small_var))
    # eps outside the square root changes the output by about eps / (2 var): up to 0.5 here; compared loosely
    close_any("batchnorm_forward's test output with eps = 1e-2 and small running variances", out,
              bn_forms(x, gamma, beta, small_var["running_mean"], small_var["running_var"], 1e-2))

    x32 = x.astype(np.float32)
    g32, b32 = gamma.astype(np.float32), beta.astype(np.float32)
    mine, theirs = {"mode": "train"}, {"mode": "train"}
    out, _ = L.batchnorm_forward(x32, g32, b32, mine)
    want, _ = ref.batchnorm_forward(x32.astype(np.float64), g32.astype(np.float64), b32.astype(np.float64), theirs)
    close("float32 training output", out, want, 1e-4)  # eps's place: 3e-6, inside the float32 tolerance
    note_dtype(notes, "batchnorm_forward's train output", out, np.float32)
    mine["mode"] = "test"
    mean, var = (running(np.asarray(mine[key], np.float64), D) for key in ("running_mean", "running_var"))
    out, _ = L.batchnorm_forward(x32, g32, b32, mine)
    # with its own running averages (the unbiased running variance is accepted)
    close("float32 test output", out, bn_forms(*(a.astype(np.float64) for a in (x32, g32, b32)), mean, var,
                                               1e-5)["eps in sqrt"], 1e-4)
    note_dtype(notes, "batchnorm_forward's test output", out, np.float32)


def standard_bn_backward(dout, x_hat, gamma, inv_std):
    """The textbook gradients of gamma * x_hat + beta, for the given x_hat and 1 / std."""
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx = gamma * inv_std / N * (N * dout - dbeta - x_hat * dgamma)
    return dx, dgamma, dbeta


def own_statistics(x, out, gamma, beta):
    """x_hat and 1 / std as the forward pass that produced out used them."""
    x_hat = (out - beta) / gamma
    centered = x - x.mean(axis=0)
    return x_hat, (x_hat * centered).sum(axis=0) / (centered * centered).sum(axis=0)


def check_batchnorm_backward(L, notes):
    """Each backward must give the textbook gradients for the statistics its own forward used,
    and, when that forward is the reference one, the true gradients."""
    rng = np.random.RandomState(4)
    x = 5 * rng.randn(16, 5) + 12
    gamma = (0.5 + rng.rand(5)) * np.array([1, -1, 1, -1, 1])
    beta, dout = rng.randn(5), rng.randn(16, 5)
    out, cache = L.batchnorm_forward(x, gamma, beta, {"mode": "train"})
    x_hat, inv_std = own_statistics(x, out, gamma, beta)
    textbook = standard_bn_backward(dout, x_hat, gamma, inv_std)
    forward_is_reference = err(out, ref.batchnorm_forward(x, gamma, beta, {"mode": "train"})[0]) <= EXACT
    if forward_is_reference:
        _, ref_cache = ref.batchnorm_forward(x, gamma, beta, {"mode": "train"})
        truth = ref.batchnorm_backward(dout, ref_cache)
        numeric = (numeric_grad(lambda z: L.batchnorm_forward(z, gamma, beta, {"mode": "train"})[0], x, dout),
                   numeric_grad(lambda z: L.batchnorm_forward(x, z, beta, {"mode": "train"})[0], gamma, dout),
                   numeric_grad(lambda z: L.batchnorm_forward(x, gamma, z, {"mode": "train"})[0], beta, dout))
    else:
        notes.add("batchnorm backward checked against the statistics of its own (non-reference) forward")

    own_numeric = (numeric_grad(lambda z: L.batchnorm_forward(z, gamma, beta, {"mode": "train"})[0], x, dout),
                   numeric_grad(lambda z: L.batchnorm_forward(x, z, beta, {"mode": "train"})[0], gamma, dout),
                   numeric_grad(lambda z: L.batchnorm_forward(x, gamma, z, {"mode": "train"})[0], beta, dout))
    for name in ("batchnorm_backward", "batchnorm_backward_alt"):
        dout_before = dout.copy()
        grads = getattr(L, name)(dout, cache)
        expect(np.array_equal(dout, dout_before), f"{name} modified dout")
        grads = (grads[0], *(param_like(f"{name}'s {key}", g, gamma.shape, notes)
                             for key, g in zip(("dgamma", "dbeta"), grads[1:])))
        for key, got, want, own in zip(("dx", "dgamma", "dbeta"), grads, textbook, own_numeric):
            # the textbook formula assumes eps inside the square root; a forward with eps outside has its own
            close_any(f"{name}: {key}", got, {"textbook formula on its forward's statistics": want,
                                               "numeric gradient of its own forward": own}, NUMERIC)
        if forward_is_reference:
            for key, got, want in zip(("dx", "dgamma", "dbeta"), grads, truth):
                close(f"{name}: {key}", got, want)
            for key, got, want in zip(("dx", "dgamma", "dbeta"), grads, numeric):
                close(f"{name}: {key} against the numeric gradient", got, want, NUMERIC)

    x32 = x.astype(np.float32)
    out32, cache32 = L.batchnorm_forward(x32, gamma.astype(np.float32), beta.astype(np.float32), {"mode": "train"})
    for name in ("batchnorm_backward", "batchnorm_backward_alt"):
        grads = getattr(L, name)(dout.astype(np.float32), cache32)
        grads = (grads[0], *(param_like(f"{name}'s {key}", g, gamma.shape, notes)
                             for key, g in zip(("dgamma", "dbeta"), grads[1:])))
        for key, got, want, own in zip(("dx", "dgamma", "dbeta"), grads, textbook, own_numeric):
            close_any(f"float32 {name}: {key}", got, {"textbook": want, "numeric": own}, 1e-3)
            note_dtype(notes, f"{name}'s {key}", got, np.float32)


# ------------------------------------------------------------------ layer normalization
def check_layernorm(L, notes):
    rng = np.random.RandomState(5)
    x = 5 * rng.randn(12, 7) + 12
    gamma, beta, dout = rng.randn(7), rng.randn(7), rng.randn(12, 7)
    x_before = x.copy()
    for ln_param in ({}, {"eps": 1e-3}, {"mode": "test"}, {"mode": "train"}):
        out, _ = L.layernorm_forward(x, gamma, beta, dict(ln_param))
        mean, var = x.mean(1, keepdims=True), x.var(1, keepdims=True)
        forms = (bn_forms(x, gamma, beta, mean, var, ln_param["eps"]) if "eps" in ln_param
                 else default_eps_forms(out, x, gamma, beta, mean, var, axis=1))
        form = close_any(f"layernorm_forward with ln_param {ln_param}", out, forms)
        if form != "eps in sqrt":
            notes.add(f"layernorm: {form}")
        one, _ = L.layernorm_forward(x[3:4], gamma, beta, dict(ln_param))
        close("layernorm_forward on a batch of one example", one, np.asarray(out)[3:4])
    expect(np.array_equal(x, x_before), "layernorm_forward modified x")

    for ln_param in ({}, {"eps": 1e-3}):
        _, cache = L.layernorm_forward(x, gamma, beta, dict(ln_param))
        dout_before = dout.copy()
        grads = L.layernorm_backward(dout, cache)
        expect(np.array_equal(dout, dout_before), "layernorm_backward modified dout")
        grads = (grads[0], *(param_like(f"layernorm {key}", g, gamma.shape, notes)
                             for key, g in zip(("dgamma", "dbeta"), grads[1:])))
        _, ref_cache = ref.layernorm_forward(x, gamma, beta, dict(ln_param))
        numeric = (numeric_grad(lambda z: L.layernorm_forward(z, gamma, beta, dict(ln_param))[0], x, dout),
                   numeric_grad(lambda z: L.layernorm_forward(x, z, beta, dict(ln_param))[0], gamma, dout),
                   numeric_grad(lambda z: L.layernorm_forward(x, gamma, z, dict(ln_param))[0], beta, dout))
        for key, got, want, num in zip(("dx", "dgamma", "dbeta"), grads, ref.layernorm_backward(dout, ref_cache),
                                       numeric):
            # the exact gradient of its own forward: the reference's, or (eps outside sqrt) the numeric one
            close_any(f"layernorm_backward: {key} ({ln_param})", got, {"reference": want, "numeric": num}, NUMERIC)

    f32 = [a.astype(np.float32) for a in (x, gamma, beta, dout)]
    out, cache = L.layernorm_forward(*f32[:3], {})
    grads = L.layernorm_backward(f32[3], cache)
    grads = (grads[0], *(param_like(f"layernorm {key}", g, gamma.shape, notes)
                         for key, g in zip(("dgamma", "dbeta"), grads[1:])))
    want, ref_cache = ref.layernorm_forward(*[a.astype(np.float64) for a in f32[:3]], {})
    close("float32 layernorm_forward", out, want, 1e-4)  # eps's place: 1e-6, inside the float32 tolerance
    note_dtype(notes, "layernorm_forward's output", out, np.float32)
    for key, got, wanted in zip(("dx", "dgamma", "dbeta"), grads,
                                ref.layernorm_backward(f32[3].astype(np.float64), ref_cache)):
        close(f"float32 layernorm {key}", got, wanted, 1e-3)
        note_dtype(notes, f"layernorm {key}", got, np.float32)


# ------------------------------------------------------------------ dropout
KEEP_RATIOS = (0.25, 0.4, 0.8, 1.0)


def within(value, mean, p, n):
    return abs(value - mean) <= SIGMAS * math.sqrt(p * (1 - p) / n) + 1e-12


def check_train_output(name, x, out, p):
    expect(out is not None, f"{name}: train mode returns None")
    out = np.asarray(out)
    expect(out.shape == x.shape, f"{name}: train output has shape {out.shape}, expected {x.shape}")
    kept = out != 0
    tol = 1e-6 if out.dtype == np.float32 or x.dtype == np.float32 else 1e-12
    if kept.any():
        close(f"{name}: kept values with p = {p}", out[kept], x[kept] / p, tol)
    if x.ndim == 2 and p < 1:
        check_independent(name, kept)
    zeros = 1 - kept.mean()
    expect(within(zeros, 1 - p, p, x.size), f"{name}: {zeros:.3f} of the outputs are zero with p = {p}, "
                                            f"expected {1 - p:.3f}")


def check_independent(name, kept):
    """Neighbouring rows and columns of the mask agree as often as independent draws with its keep rate do."""
    q = kept.mean()
    agree = q * q + (1 - q) * (1 - q)
    rows = (kept[:-1] == kept[1:]).mean()
    cols = (kept[:, :-1] == kept[:, 1:]).mean()
    expect(within(rows, agree, agree, kept[1:].size), f"{name}: the masks of consecutive examples agree on "
                                                      f"{rows:.3f} of the units (independent: {agree:.3f})")
    expect(within(cols, agree, agree, kept[:, 1:].size), f"{name}: neighbouring units agree on {cols:.3f} "
                                                         f"(independent: {agree:.3f})")


def check_dropout_forward(L, notes):
    np.random.seed(6)
    rng = np.random.RandomState(6)
    x = 1 + 2 * rng.rand(200, 500)
    for p in KEEP_RATIOS:
        out, cache = L.dropout_forward(x, {"mode": "train", "p": p})
        check_train_output("2-D input", x, out, p)
        test_out, _ = L.dropout_forward(x, {"mode": "test", "p": p})
        expect(np.array_equal(test_out, x), f"test mode with p = {p} does not return x unchanged")
        if test_out is not x:
            notes.add("test mode returns a copy of x")

    cube = 1 + rng.rand(6, 7, 8)
    try:
        out, _ = L.dropout_forward(cube, {"mode": "train", "p": 0.4})
    except Exception as exc:
        raise Failure(f"3-D input: train mode raises {type(exc).__name__}: {exc}") from exc
    check_train_output("3-D input", cube, out, 0.4)
    test_out, _ = L.dropout_forward(cube, {"mode": "test", "p": 0.4})
    expect(np.array_equal(test_out, cube), "3-D input: test mode does not return x unchanged")

    small = 1 + rng.rand(50, 60)
    a, _ = L.dropout_forward(small, {"mode": "train", "p": 0.4, "seed": 1})
    b, _ = L.dropout_forward(small, {"mode": "train", "p": 0.4, "seed": 1})
    c, _ = L.dropout_forward(small, {"mode": "train", "p": 0.4, "seed": 2})
    expect(np.array_equal(a, b), "the same seed gives different outputs")
    expect(not np.array_equal(a, c), "different seeds give the same output")
    r, _ = ref.dropout_forward(small, {"mode": "train", "p": 0.4, "seed": 1})
    if not np.array_equal(a != 0, r != 0):
        notes.add("mask differs from the reference's np.random.rand(*x.shape) < p draws")

    x32 = (1 + rng.rand(100, 300)).astype(np.float32)
    out, _ = L.dropout_forward(x32, {"mode": "train", "p": 0.7})
    check_train_output("float32 input", x32, out, 0.7)
    note_dtype(notes, "dropout_forward's train output", out, np.float32)
    test_out, _ = L.dropout_forward(x32, {"mode": "test", "p": 0.7})
    expect(np.array_equal(test_out, x32), "float32 input: test mode does not return x unchanged")
    note_dtype(notes, "dropout_forward's test output", test_out, np.float32)


def train_forward_for_backward(L, x, param):
    try:
        out, cache = L.dropout_forward(x, dict(param))
    except Exception as exc:
        raise Skip(f"its dropout_forward raises {type(exc).__name__} on shape {x.shape}") from exc
    if out is None:
        raise Skip("its dropout_forward returns None in train mode")
    return out, cache


def check_dropout_backward(L, notes):
    """The backward of each variant is checked against its own forward pass."""
    np.random.seed(7)
    rng = np.random.RandomState(7)
    x, dout = 1 + rng.rand(30, 40), rng.randn(30, 40)
    for p in (0.3, 0.8):
        out, cache = train_forward_for_backward(L, x, {"mode": "train", "p": p})
        dout_before = dout.copy()
        dx = L.dropout_backward(dout, cache)
        expect(np.array_equal(dout, dout_before), "dropout_backward modified dout")
        close(f"dx with p = {p} (dout times the forward's out / x)", dx, dout * out / x, 1e-12)
        seeded = {"mode": "train", "p": p, "seed": 5}
        _, cache = train_forward_for_backward(L, x, seeded)
        close(f"dx with p = {p} against the numeric gradient of its forward", L.dropout_backward(dout, cache),
              numeric_grad(lambda z: L.dropout_forward(z, dict(seeded))[0], x, dout), 1e-8)

    _, cache = L.dropout_forward(x, {"mode": "test", "p": 0.3})
    expect(np.array_equal(L.dropout_backward(dout, cache), dout), "test-mode dropout_backward does not return dout")

    cube, dcube = 1 + rng.rand(4, 5, 6), rng.randn(4, 5, 6)
    try:
        out, cache = L.dropout_forward(cube, {"mode": "train", "p": 0.6})
    except Exception:
        notes.add("backward not checked on 3-D input: its forward fails there")
    else:
        close("dx on 3-D input", L.dropout_backward(dcube, cache), dcube * out / cube, 1e-12)

    x32, dout32 = x.astype(np.float32), dout.astype(np.float32)
    out, cache = train_forward_for_backward(L, x32, {"mode": "train", "p": 0.6})
    dx = L.dropout_backward(dout32, cache)
    close("float32 dx", dx, dout32.astype(np.float64) * (np.asarray(out, np.float64) / x32), 1e-6)
    note_dtype(notes, "dropout_backward's dx", dx, np.float32)


CHECKS = {
    "affine_layer": check_affine_layer,
    "relu_layer": check_relu_layer,
    "batchnorm_forward": check_batchnorm_forward,
    "batchnorm_backward": check_batchnorm_backward,
    "layernorm": check_layernorm,
    "dropout_forward": check_dropout_forward,
    "dropout_backward": check_dropout_backward,
}


# ------------------------------------------------------------------ what each bug variant must show
def phi(z):
    return 0.5 * (1 + math.erf(z / math.sqrt(2)))


def shows_shared_mask(L):
    x = 1 + np.random.rand(50, 80)
    out, _ = L.dropout_forward(x, {"mode": "train", "p": 0.4})
    kept = out != 0
    expect(np.all(kept == kept[0]), "the examples do not all share one mask")
    return "all 50 examples share the same mask"


def shows_normal_mask(L):
    x = 1 + np.random.rand(200, 500)
    p = 0.25
    out, _ = L.dropout_forward(x, {"mode": "train", "p": p})
    zeros = (out == 0).mean()
    expect(within(zeros, 1 - phi(p), phi(p), x.size) and not within(zeros, 1 - p, p, x.size),
           f"zero fraction {zeros:.3f} is not 1 - Phi(p)")
    return f"p = {p}: {zeros:.3f} zeros = 1 - Phi(p), not {1 - p}"


def shows_returns_none(L):
    out, _ = L.dropout_forward(np.ones((3, 4)), {"mode": "train", "p": 0.5})
    expect(out is None, "train mode returns an array")
    return "train mode returns None"


def shows_only_2d(L):
    x = 1 + np.random.rand(200, 500)
    out, _ = L.dropout_forward(x, {"mode": "train", "p": 0.4})
    check_train_output("2-D input", x, out, 0.4)
    try:
        out, _ = L.dropout_forward(1 + np.random.rand(6, 7, 8), {"mode": "train", "p": 0.4})
    except Exception as exc:
        return f"right on 2-D input, raises {type(exc).__name__} on 3-D input"
    expect(np.shape(out) != (6, 7, 8), "3-D input works")
    return f"right on 2-D input, 3-D output has shape {np.shape(out)}"


def shows_drop_probability(L):
    x = 1 + np.random.rand(200, 500)
    p = 0.25
    out, _ = L.dropout_forward(x, {"mode": "train", "p": p})
    kept = out != 0
    expect(within(1 - kept.mean(), p, p, x.size), "the zero fraction is not p")
    close("kept values", out[kept], x[kept] / (1 - p), 1e-12)
    return f"p = {p}: {1 - kept.mean():.3f} zeros and kept values x / (1 - p)"


def shows_test_mode_masked(L):
    x = 1 + np.random.rand(200, 500)
    out, _ = L.dropout_forward(x, {"mode": "test", "p": 0.4})
    zeros = (out == 0).mean()
    expect(within(zeros, 0.6, 0.4, x.size), "test mode is not masked")
    return f"test mode zeroes {zeros:.3f} of the inputs with p = 0.4"


def shows_new_mask(L):
    x, dout = 1 + np.random.rand(40, 50), np.random.randn(40, 50)
    out, cache = L.dropout_forward(x, {"mode": "train", "p": 0.5})
    dx = L.dropout_backward(dout, cache)
    disagree = ((dx != 0) != (out != 0)).mean()
    expect(within(disagree, 0.5, 0.5, x.size), "dx's zeros follow the forward mask")
    return f"dx's zeros disagree with the forward mask on {disagree:.3f} of the units"


def shows_unscaled(L):
    x, dout = 1 + np.random.rand(40, 50), np.random.randn(40, 50)
    out, cache = L.dropout_forward(x, {"mode": "train", "p": 0.4})
    close("dx", L.dropout_backward(dout, cache), dout * (out != 0), 1e-15)
    return "dx = dout on kept units, without 1/p"


def shows_unbiased_variance(L):
    rng = np.random.RandomState(9)
    x, gamma, beta = bn_data(rng, N=16, D=5)
    dout = rng.randn(16, 5)
    out, cache = L.batchnorm_forward(x, gamma, beta, {"mode": "train"})
    close("training output", out, gamma * (x - x.mean(0)) / np.sqrt(x.var(0, ddof=1) + 1e-5) + beta)
    x_hat, _, _, inv_std = cache
    expected = standard_bn_backward(dout, x_hat, gamma, inv_std)
    for name in ("batchnorm_backward", "batchnorm_backward_alt"):
        for key, got, want in zip(("dx", "dgamma", "dbeta"), getattr(L, name)(dout, cache), expected):
            close(f"{name}: {key} on its own cache", got, want, 1e-12)
    _, ref_cache = ref.batchnorm_forward(x, gamma, beta, {"mode": "train"})
    for name in ("batchnorm_backward", "batchnorm_backward_alt"):
        for key, got, want in zip(("dx", "dgamma", "dbeta"), getattr(L, name)(dout, ref_cache),
                                  ref.batchnorm_backward(dout, ref_cache)):
            close(f"{name}: {key} on a ddof=0 cache", got, want)
    return "train output uses var(ddof=1); both backwards are the textbook formula on its cache"


def shows_momentum_swapped(L):
    rng = np.random.RandomState(10)
    x, gamma, beta = bn_data(rng)
    bn_param = {"mode": "train", "momentum": 0.8}
    L.batchnorm_forward(x, gamma, beta, bn_param)
    close("running_mean", bn_param["running_mean"], 0.8 * x.mean(0), 1e-12)
    close("running_var", bn_param["running_var"], 0.8 * x.var(0), 1e-12)
    return "after one step from zero, the running averages are momentum * the sample statistics"


def shows_over_batch(L):
    rng = np.random.RandomState(11)
    x, gamma, beta = 5 * rng.randn(12, 7) + 12, rng.randn(7), rng.randn(7)
    out, _ = L.layernorm_forward(x, gamma, beta, {})
    close("output", out, ref.batchnorm_forward(x, gamma, beta, {"mode": "train"})[0])
    return "layernorm_forward's output is batch normalization's"


def shows_relu_backward_wrong(L):
    x, dout = np.random.randn(10, 12), np.random.randn(10, 12)
    _, cache = L.relu_forward(x)
    dx = L.relu_backward(dout, cache)
    expect(np.array_equal(dx[x < 0], dout[x < 0]) and np.all(dx[x > 0] == 0), "dx is not dout where x < 0")
    return "dx = dout where x < 0 and 0 where x > 0"


def shows_no_bias(L):
    x, w, b = np.random.randn(4, 3, 2), np.random.randn(6, 5), np.random.randn(5)
    out, _ = L.affine_forward(x, w, b)
    close("output", out, x.reshape(4, -1) @ w, 1e-12)
    return "out = x.reshape(N, -1) @ w, without b"


def shows_dw_wrong(L):
    x, w, b, dout = np.random.randn(4, 3, 2), np.random.randn(6, 5), np.random.randn(5), np.random.randn(4, 5)
    _, cache = L.affine_forward(x, w, b)
    dx, dw, db = L.affine_backward(dout, cache)
    truth = ref.affine_backward(dout, ref.affine_forward(x, w, b)[1])
    close("dx", dx, truth[0])
    close("db", db, truth[2])
    close("dw", dw, (dout.T @ x.reshape(4, -1)).reshape(w.shape), 1e-12)
    return f"dx and db right; dw = (dout.T @ x2d).reshape(w.shape), off by {err(dw, truth[1]):.1e}"


def shows_no_variance_term(L):
    rng = np.random.RandomState(12)
    x, gamma, beta = bn_data(rng, N=16, D=5)
    dout = rng.randn(16, 5)
    _, cache = L.batchnorm_forward(x, gamma, beta, {"mode": "train"})
    truth = ref.batchnorm_backward(dout, cache)
    for key, got, want in zip(("dx", "dgamma", "dbeta"), L.batchnorm_backward(dout, cache), truth):
        close(f"batchnorm_backward: {key}", got, want)
    x_hat, _, _, inv_std = cache
    dx_hat = dout * gamma
    dx = L.batchnorm_backward_alt(dout, cache)[0]
    close("batchnorm_backward_alt: dx", dx, inv_std * (dx_hat - dx_hat.mean(0)))
    return f"batchnorm_backward right; batchnorm_backward_alt's dx lacks the variance term (off by {err(dx, truth[0]):.1e})"


BUGS = {
    "bug__dropout_forward__shared_mask": shows_shared_mask,
    "bug__dropout_forward__normal_mask": shows_normal_mask,
    "bug__dropout_forward__returns_none": shows_returns_none,
    "bug__dropout_forward__only_2d": shows_only_2d,
    "bug__dropout_forward__drop_probability": shows_drop_probability,
    "bug__dropout_forward__test_mode_masked": shows_test_mode_masked,
    "bug__dropout_backward__new_mask": shows_new_mask,
    "bug__dropout_backward__unscaled": shows_unscaled,
    "bug__batchnorm_forward__unbiased_variance": shows_unbiased_variance,
    "bug__batchnorm_forward__momentum_swapped": shows_momentum_swapped,
    "bug__layernorm__over_batch": shows_over_batch,
    "bug__relu_layer__backward_wrong": shows_relu_backward_wrong,
    "bug__affine_layer__no_bias": shows_no_bias,
    "bug__affine_layer__dw_transposed_or_wrong": shows_dw_wrong,
    "bug__batchnorm_backward__no_variance_term": shows_no_variance_term,
}


# ------------------------------------------------------------------ loading and running
def check_format(tree):
    """The variant is a docstring, FILE, EXPECT, imports and complete functions, nothing else."""
    body = tree.body
    expect(body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant)
           and isinstance(body[0].value.value, str) and "\n" not in body[0].value.value.strip(),
           "the module does not open with a one-line docstring")
    assigned = set()
    functions = []
    for node in body[1:]:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            continue
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            assigned.add(node.targets[0].id)
            expect(node.targets[0].id in ("FILE", "EXPECT"), f"unexpected top-level assignment {node.targets[0].id}")
            continue
        if isinstance(node, ast.FunctionDef):
            functions.append(node.name)
            continue
        raise Failure(f"unexpected top-level statement at line {node.lineno}")
    expect(assigned == {"FILE", "EXPECT"}, "FILE or EXPECT is missing")
    expect(functions, "the variant defines no function")
    expect(len(set(functions)) == len(functions), "a function is defined twice")
    return functions


def load(path):
    source = path.read_text()
    functions = check_format(ast.parse(source))
    namespace = {"__name__": f"variant_{path.stem}"}
    exec(compile(REFERENCE_SOURCE, "deeplearning/layers.py", "exec"), namespace)
    exec(compile(source, str(path), "exec"), namespace)
    expect(namespace["FILE"] == "deeplearning/layers.py", f"FILE is {namespace['FILE']!r}")
    return SimpleNamespace(**namespace), namespace["EXPECT"], functions


def run_part(L, part):
    notes = set()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            CHECKS[part](L, notes)
        except Skip as exc:
            return "skip", str(exc), notes
        except Failure as exc:
            return "fail", str(exc), notes
        except Exception as exc:
            return "fail", f"raises {type(exc).__name__}: {exc}", notes
        finally:
            notes.update(f"warns: {w.message}" for w in caught)
    return "pass", "", notes


def check_variant(path):
    """(ok, verdict line) for one variant file."""
    name = path.stem
    L, expected, functions = load(path)
    is_bug = name.startswith("bug__")
    part = name.split("__")[1] if is_bug else name.split("__")[0]
    expect(part in PARTS, f"unknown part {part!r} in the file name")
    helpers = [f for f in functions if f not in REFERENCE_NAMES]
    results = {p: run_part(L, p) for p in PARTS}
    notes = sorted(set().union(*(r[2] for r in results.values())))
    extra = f" (helpers: {', '.join(helpers)})" if helpers else ""

    if not is_bug:
        expect(expected == {}, f"a correct variant has EXPECT = {expected!r}")
        bad = {p: r for p, r in results.items() if r[0] != "pass"}
        if bad:
            return False, "; ".join(f"{p} {r[0]}s: {r[1]}" for p, r in bad.items())
        return True, f"correct on all {len(PARTS)} parts{extra}" + (f" [{'; '.join(notes)}]" if notes else "")

    expect(isinstance(expected, dict) and list(expected) == [part] and isinstance(expected[part], str)
           and expected[part], f"EXPECT should be {{{part!r}: '<phrase>'}}, got {expected!r}")
    status, message, _ = results[part]
    if status != "fail":
        return False, f"{part} does not fail its checks ({status})"
    np.random.seed(13)
    shown = BUGS[name](L) if name in BUGS else "(no demonstration: its own part's checks fail)"
    others = [f"{p} {r[0]}s ({r[1]})" for p, r in results.items() if p != part and r[0] != "pass"]
    return True, (f"{part} fails: {message} | bug shown: {shown} | other parts: "
                  f"{'; '.join(others) if others else 'all pass'}")


def main():
    variants = sorted(p for p in HERE.glob("*.py") if "__" in p.stem)
    bad = 0
    for path in variants:
        try:
            ok, line = check_variant(path)
        except Failure as exc:
            ok, line = False, str(exc)
        except Exception as exc:
            ok, line = False, f"the check itself raised {type(exc).__name__}: {exc}"
        bad += not ok
        print(f"{'OK  ' if ok else 'FAIL'} {path.stem}: {line}")
    correct = sum(not p.stem.startswith("bug__") for p in variants)
    print(f"\n{len(variants)} variants ({correct} correct, {len(variants) - correct} bugs): "
          f"{len(variants) - bad} OK, {bad} FAIL")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
