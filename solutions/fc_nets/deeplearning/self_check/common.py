"""What the public checks of every part share: failing with a message, error measures, arrays, formulations.

A part's public checks live in the module of the same name (dropout_forward.py, ...);
the grader's hidden checks call the same diagnoses, so a mistake reads the same
before and after you submit.
"""
import contextlib
import math
from dataclasses import dataclass, field

import numpy as np


class CheckFailed(AssertionError):
    """A check found a mistake: str(exception) says what to fix, .mistake is its id within the part (or None)."""

    def __init__(self, message, mistake=None):
        super().__init__(message)
        self.mistake = mistake


class ToDo(Exception):
    """A check cannot run yet (a log not written yet, no CIFAR-10 here); str(exception) says what to do."""


class Skipped(Exception):
    """A check cannot judge this part's code (for example: the only input it has would need another part that
    fails); str(exception) says why. It is a note, never a failure."""


def fail(message, mistake=None):
    raise CheckFailed(message, mistake)


# ------------------------------------------------------------------ measures
def hoeffding(n, delta=1e-10):
    """Half-width t with P(|mean of n independent [0, 1] variables - expectation| >= t) <= delta."""
    return math.sqrt(math.log(2 / delta) / (2 * n))


def rel_error(x, y):
    """Largest elementwise relative error, as the notebooks print it."""
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


def norm_error(x, y):
    """Relative error of x against y as a whole: |x - y| / (|x| + |y|). Unlike rel_error, tiny entries (which a
    correct implementation rounds differently) do not dominate it."""
    x, y = np.asarray(x, dtype=np.float64), np.asarray(y, dtype=np.float64)
    return float(np.linalg.norm(x - y) / max(np.linalg.norm(x) + np.linalg.norm(y), 1e-30))


def close(x, y, tolerance=1e-7):
    """x equals y up to rounding (norm_error below tolerance)."""
    return np.shape(x) == np.shape(y) and norm_error(x, y) < tolerance


# ------------------------------------------------------------------ arrays
def same_size_shape(shape, target):
    """shape and target are the same but for leading axes of length 1: a gradient of shape (1, H) has one entry per
    element of a parameter of shape (H,), and one of shape (H,) per element of a parameter kept as (1, H)."""
    def core(dims):
        dims = tuple(dims)
        while dims and dims[0] == 1:
            dims = dims[1:]
        return dims
    return core(shape) == core(target)


def broadcasts_like(shape, target):
    """An array of this shape acts like one of shape target wherever the layers use it: added to or multiplied with
    a batch of shape (N, *target) it gives that batch's shape. A bias of shape (1, H), or a scalar 0, acts like a
    bias of shape (H,)."""
    try:
        return np.broadcast_shapes((2, *target), tuple(shape)) == (2, *target)
    except ValueError:
        return False


def checked_array(value, what, shape=None, broadcast=False):
    """value as a finite numeric array of the given shape; fails with a message naming `what` otherwise.

    broadcast=True: any shape with as many elements, only leading axes of length 1 added (gradients: one entry per
    element); broadcast="values": any shape that acts the same in the layers (broadcasts_like: biases, gamma, beta,
    running averages, a scalar 0). The value is returned in the given shape; shape_note reports the difference."""
    if value is None:
        fail(f"{what}: your code returns None here (is its TODO done? store the result and return it)", "returns_none")
    value = np.asarray(value)
    if value.dtype.kind not in "fiub":
        fail(f"{what}: expected a numeric numpy array, got a {value.dtype} array", "not_numeric")
    if shape is not None and value.shape != tuple(shape):
        shape = tuple(shape)
        if broadcast == "values" and broadcasts_like(value.shape, shape):
            # at most one leading axis more (broadcasts_like): (1, H), a scalar, (1, 1) all fit in (1, *shape)
            value = np.broadcast_to(value, (1, *shape)).reshape(shape).copy()
        elif broadcast and value.size == int(np.prod(shape)) and same_size_shape(value.shape, shape):
            value = value.reshape(shape)
        else:
            fail(f"{what}: expected shape {shape}, got {value.shape}", "wrong_shape")
    if value.dtype.kind == "f" and not np.all(np.isfinite(value)):
        fail(f"{what}: contains NaN or infinity", "not_finite")
    return value


# ------------------------------------------------------------------ notes: representation, worth no points
def float32_note(results, advice=""):
    """A note unless every float result (a dict name -> array) stays float32 for float32 inputs."""
    wrong = [name for name, value in results.items() if np.asarray(value).dtype.kind == "f"
             and np.asarray(value).dtype != np.float32]
    if wrong:
        fail(f"for float32 inputs your code returns float64 ({', '.join(wrong)}). This costs no points, but a float32 "
             f"net then computes in float64, about 1.5 times slower{': ' + advice if advice else ''}", "float64")


def shape_note(shapes):
    """A note unless every array has the docstring's shape; shapes: {name: (its shape, the docstring's)}."""
    other = {name: (tuple(found), tuple(wanted)) for name, (found, wanted) in shapes.items()
             if found is not None and tuple(found) != tuple(wanted)}
    if other:
        listed = ", ".join(f"{name} {found}" for name, (found, _) in list(other.items())[:4])
        wanted = ", ".join(f"{name} {wanted}" for name, (_, wanted) in list(other.items())[:4])
        fail(f"{listed}{' ...' if len(other) > 4 else ''}: the docstring's shapes are {wanted}. These broadcast the "
             f"same way, so this costs no points", "other_shapes")


def printed_numbers_note(got, expected, how):
    """A note unless the numbers a notebook's check prints (got: {key: value}) are the ones it expects (how: why
    correct code may print others)."""
    for key, value in expected.items():
        if abs(got[key] - value) > 1e-8 * abs(value):
            fail(f"the notebook's check prints {got[key]!r} where it expects {value!r}: {how}. This costs no points; "
                 f"only your printed numbers differ from the notebook's", "other_printed_numbers")


def unchanged_input(x, x_after, function, what="its input x", mistake="modifies_input"):
    """Fail naming the function that changed an argument the caller gave it (what) in place."""
    if not np.array_equal(x_after, x):
        fail(f"{function} modified {what} in place: the caller's array changes (and so does everything that holds "
             f"it, such as the cache); compute a new array instead", mistake)


# ------------------------------------------------------------------ formulations
@dataclass(frozen=True)
class Formulation:
    """One way of computing what a check compares, that behaves as the assignment asks.

    name: what it is, as a student reads it in a note ("eps added to the standard deviation: (x - mean) /
    (sqrt(var) + eps)"); source: where it is written that way (a paper, a framework's documentation, ...);
    compute: the expected result from the check's inputs; docstring: True for the form the docstring asks for
    (any other accepted form earns the same points and a note)."""
    name: str
    source: str
    compute: object = field(repr=False, compare=False)
    docstring: bool = False


@dataclass(frozen=True)
class Mistake:
    """A known mistake a check recognizes from its numbers: its id, the message, and how to compute its result."""
    id: str
    message: str
    compute: object = field(repr=False, compare=False)


def first_match(got, candidates, tolerance, *args):
    """The first of the candidates (Formulation or Mistake) whose compute(*args) equals got within tolerance
    (norm_error), or None."""
    for candidate in candidates:
        with np.errstate(all="ignore"):
            want = candidate.compute(*args)
        if np.shape(want) == np.shape(got) and np.all(np.isfinite(want)) and norm_error(got, want) < tolerance:
            return candidate
    return None


def closest(got, candidates, *args):
    """(the candidate whose result is closest to got, its norm_error)."""
    best = (None, math.inf)
    for candidate in candidates:
        with np.errstate(all="ignore"):
            want = candidate.compute(*args)
        if np.shape(want) == np.shape(got) and np.all(np.isfinite(want)):
            best = min(best, (candidate, norm_error(got, want)), key=lambda pair: pair[1])
    return best


def formulation_note(found):
    """A note when accepted formulations are not the docstring's; found: {what: the Formulation it matched, or None
    (nothing to say)}."""
    other = [f"{what} computes {form.name} ({form.source})" for what, form in found.items()
             if form is not None and not form.docstring]
    if other:
        fail(f"{'; '.join(other)}. That is accepted and costs no points; the docstring asks for another form, so your "
             f"numbers may differ from the notebook's in the last digits", "other_formulation")


# ------------------------------------------------------------------ registering public checks
@dataclass
class PublicCheck:
    title: str
    function: object
    note: bool = False  # worth no points
    uses: tuple = ()  # other parts whose code it always runs (besides the layers it is seen calling)


class Checks:
    """The public checks of one part, in the order they are defined: `checks = Checks("dropout_forward")`, then
    `@checks.add("title")` on each function (note=True: a check that costs no points).

    replaced: the other parts whose code the grader replaces with correct code when it grades this one (a net is
    graded with correct layers): a check that fails while it ran code of one of them that fails its own checks
    is not judged (a note), since the mistake is charged in that part. A layer part counts when the check called
    one of its functions; "fc_net" (the net's code shared with the normalized net) always."""

    def __init__(self, part, replaced=()):
        self.part = part
        self.replaced = tuple(replaced)
        self.all = []

    def add(self, title, note=False, uses=()):
        def register(function):
            self.all.append(PublicCheck(title, function, note, tuple(uses)))
            return function
        return register


# ------------------------------------------------------------------ inputs and gradients
def rng():
    """The public checks' own random inputs (numpy's global generator is left alone)."""
    return np.random.RandomState(2024)


def numeric_gradient(f, x, df, h=1e-5):
    from ..gradient_check import eval_numerical_gradient_array

    return eval_numerical_gradient_array(f, x, df, h=h)


# The layer functions of deeplearning/layers.py and the part each is graded in.
LAYER_PARTS = {"affine_forward": "affine_layer", "affine_backward": "affine_layer", "relu_forward": "relu_layer",
               "relu_backward": "relu_layer", "dropout_forward": "dropout_forward",
               "dropout_backward": "dropout_backward", "batchnorm_forward": "batchnorm_forward",
               "batchnorm_backward": "batchnorm_backward", "batchnorm_backward_alt": "batchnorm_backward",
               "layernorm_forward": "layernorm", "layernorm_backward": "layernorm"}


@contextlib.contextmanager
def layer_calls():
    """Within the block, the set it yields collects the names of the layer functions your code calls (wherever your
    package refers to them): the grader runs a net with correct layers in place of yours, so a check of a net must
    not fail because of a layer."""
    import sys

    from .. import layers

    called = set()

    def recorder(name, function):
        def recorded(*args, **kwargs):
            called.add(name)
            return function(*args, **kwargs)
        return recorded

    pairs = [(function, recorder(name, function)) for name, function in vars(layers).items()
             if name in LAYER_PARTS and callable(function)]

    def swap(replacements):
        for module_name, module in list(sys.modules.items()):
            if module_name.split(".")[0] == __name__.split(".")[0] and "self_check" not in module_name:
                for attribute, value in list(vars(module).items()):
                    if id(value) in replacements:
                        setattr(module, attribute, replacements[id(value)])

    swap({id(original): wrapper for original, wrapper in pairs})
    try:
        yield called
    finally:
        swap({id(wrapper): original for original, wrapper in pairs})


# ------------------------------------------------------------------ networks (two_layer_net, fc_net, fc_net_normalization)
def check_initialization(params, dims, scale, statistics=True):
    """W{i} of shape (dims[i-1], dims[i]) drawn with standard deviation scale, b{i} zero (of shape (dims[i],), or any
    shape that acts the same: (1, n), a scalar 0).

    statistics: the net is large enough for bounds 8 standard errors wide (800 or more weights per matrix), so that
    a correct draw fails them with a probability below 1e-15."""
    for layer in range(1, len(dims)):
        for name, shape in ((f"W{layer}", (dims[layer - 1], dims[layer])), (f"b{layer}", (dims[layer],))):
            if name not in params:
                fail(f"model.params lacks {name}", "missing_parameter")
            value = checked_array(params[name], name, shape=shape, broadcast="values" if name[0] == "b" else False)
            if name.startswith("b") and np.any(value != 0):
                fail(f"{name} should be initialized to zeros", "nonzero_bias")
            if name.startswith("W") and statistics:
                std, mean = float(value.std()), float(value.mean())
                if not 0.75 * scale < std < 1.25 * scale or abs(mean) > 0.3 * scale:
                    fail(f"{name} has mean {mean:.3g} and standard deviation {std:.3g}, expected 0 and weight_scale = "
                         f"{scale:g}: draw it as weight_scale * np.random.randn(fan_in, fan_out)", "weight_scale")


def parameter_shapes_note(params, shapes):
    """A note unless every parameter has the docstring's shape; shapes: {name: the docstring's shape}."""
    shape_note({name: (np.shape(params[name]), shape) for name, shape in shapes.items()
                if name in params and np.asarray(params[name]).dtype.kind in "fiu"})


def network_shapes(dims, normalization=False):
    """{parameter: the docstring's shape} of a net with these layer widths (gamma/beta of the hidden layers)."""
    shapes = {}
    for layer in range(1, len(dims)):
        shapes.update({f"W{layer}": (dims[layer - 1], dims[layer]), f"b{layer}": (dims[layer],)})
        if normalization and layer < len(dims) - 1:
            shapes.update({f"gamma{layer}": (dims[layer],), f"beta{layer}": (dims[layer],)})
    return shapes


def check_loss(loss, expected, params, reg, what="the loss"):
    """The loss against the expected one, naming the usual regularization mistakes. Any stable or naive softmax
    gives the same float64 loss up to about 1e-15 relative here; 1e-8 is allowed."""
    loss = float(checked_array(loss, what, shape=()))
    if abs(loss - expected) <= 1e-8 * max(1.0, abs(expected)):
        return
    weights = sum(float(np.sum(value ** 2)) for name, value in params.items() if name.startswith("W"))
    norms = sum(float(np.linalg.norm(value)) for name, value in params.items() if name.startswith("W"))
    biases = sum(float(np.sum(value ** 2)) for name, value in params.items() if name.startswith("b"))
    data_loss = expected - 0.5 * reg * weights
    if reg:
        for guess, mistake, message in [
            (data_loss + 0.5 * reg * norms, "norm_not_squared", "the regularization term uses the norm of each W, "
                                                                "not its square: 0.5 * reg * np.sum(W * W)"),
            (data_loss, "no_regularization",
             "the loss does not change with reg: add 0.5 * reg * np.sum(W * W) for every weight matrix"),
            (data_loss + reg * weights, "reg_without_half",
             "the regularization term is reg * sum(W * W); it should be 0.5 * reg * sum(W * W)"),
            (expected + 0.5 * reg * biases, "biases_regularized", "the biases are regularized too: only the weight "
                                                                  "matrices W are"),
        ]:
            if abs(loss - guess) <= 1e-8 * max(1.0, abs(guess)):
                fail(message, mistake)
    fail(f"{what} with reg = {reg} is {loss:.8f}, expected {expected:.8f}", "wrong_loss")


def check_net_gradients(grads, expected, params, reg, what="", tolerance=1e-6, against="the true gradient"):
    """Every gradient against the expected one (norm-based relative error, or both below 1e-7: the true gradient of
    a bias followed by batch normalization is 0), naming the usual mistakes."""
    for name, want in expected.items():
        if name not in grads:
            fail(f"grads lacks '{name}'{what}: return a gradient for every parameter, under the parameter's name",
                 "missing_gradient")
        got = checked_array(grads[name], f"grads['{name}']{what}", shape=np.shape(want), broadcast=True)
        if close(got, want, tolerance) or max(np.abs(got).max(), np.abs(want).max()) < 1e-7:
            continue
        if reg and name.startswith("W") and close(got, want - reg * params[name], tolerance):
            fail(f"with reg = {reg} the gradient of {name} lacks the regularization term reg * {name}",
                 "no_regularization_gradient")
        if reg and name.startswith("b") and close(got, want + reg * params[name], tolerance):
            fail(f"the gradient of {name} includes reg * {name}: the biases are not regularized", "bias_regularized")
        if reg and not name.startswith(("W", "b")) and close(got, want + reg * params[name], tolerance):
            fail(f"the gradient of {name} includes reg * {name}: gamma and beta are not regularized",
                 "gamma_beta_regularized")
        fail(f"grads['{name}']{what} differs from {against} (relative error {norm_error(got, want):.1e})",
             "wrong_gradient")


def check_normalization_params(params, normalization, hidden_widths):
    """gamma{i} (ones) and beta{i} (zeros) for every hidden layer of the given widths (any shape that acts the same),
    none for the output layer."""
    if f"gamma{len(hidden_widths) + 1}" in params:
        fail("the output layer has gamma/beta: normalize the hidden layers only", "output_layer_normalized")
    for layer, width in enumerate(hidden_widths, start=1):
        for name, start in ((f"gamma{layer}", 1.0), (f"beta{layer}", 0.0)):
            if name not in params:
                fail(f"with normalization='{normalization}' model.params lacks {name}", "missing_gamma_beta")
            if not np.all(checked_array(params[name], name, shape=(width,), broadcast="values") == start):
                fail(f"{name} should start at {'ones' if start else 'zeros'}", "gamma_beta_start")


SCORES_ARE_PROBABILITIES = "model.loss(X) returns probabilities: at test time it returns the raw scores, no softmax"
DROPOUT_AT_TEST_TIME = ("dropout is active at test time: when y is None, set self.dropout_param['mode'] = 'test' "
                        "before the forward pass")


def check_not_probabilities(scores):
    scores = np.asarray(scores)
    if scores.ndim == 2 and np.all(scores >= 0) and np.allclose(scores.sum(axis=1), 1):
        fail(SCORES_ARE_PROBABILITIES, "scores_are_probabilities")


def net_data(source, N=6, D=12, C=5):
    return source.randn(N, D), source.randint(C, size=N)


def set_params(model, source, shapes, scale=0.3):
    """Random parameters (gamma near 1) in the shapes the model made them, or the docstring's shapes (shapes) where
    the model's only broadcast like them (a scalar bias 0 becomes a vector once trained: the grader does the same)."""
    for name in list(model.params):
        shape = np.shape(model.params[name])
        if name in shapes and np.prod(shape, dtype=int) != np.prod(shapes[name], dtype=int):
            shape = shapes[name]
        model.params[name] = scale * source.randn(*shape) + (1.0 if name.startswith("gamma") else 0)


def check_loss_gradients(model, X, y, grads, what):
    """The gradients that model.loss(X, y) returned against the numeric gradients of its loss, with model.reg."""
    from ..gradient_check import eval_numerical_gradient

    numeric = {name: eval_numerical_gradient(lambda _: model.loss(X, y)[0], model.params[name], verbose=False)
               for name in model.params}
    check_net_gradients(grads, numeric, model.params, model.reg, what, tolerance=1e-5,
                        against="the numeric gradient of your loss")


def check_net(model_factory, dims, scale, large, reg=0.7):
    """Initialization (also of a large net: (model, its dims), for the statistics of the weights), test-time scores,
    the regularization term and the gradients of one of your nets."""
    source = rng()
    check_initialization(model_factory(scale=scale).params, dims, scale, statistics=False)
    check_initialization(large[0].params, large[1], 2e-2)
    model = model_factory(scale=scale, reg=0.0)
    set_params(model, source, shapes=network_shapes(dims))
    X, y = net_data(source, D=dims[0], C=dims[-1])
    scores = checked_array(model.loss(X), "the test-time scores", shape=(X.shape[0], dims[-1]))
    check_not_probabilities(scores)
    result = model.loss(X, y)
    if not isinstance(result, tuple) or len(result) != 2:
        fail("model.loss(X, y) should return (loss, grads)", "loss_not_a_pair")
    data_loss = float(checked_array(result[0], "the loss", shape=()))
    model.reg = reg
    weights = sum(float(np.sum(np.asarray(value) ** 2)) for name, value in model.params.items() if name.startswith("W"))
    loss, grads = model.loss(X, y)
    check_loss(loss, data_loss + 0.5 * reg * weights, model.params, reg)
    check_loss_gradients(model, X, y, grads, f" with reg = {reg}")
