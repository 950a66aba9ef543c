"""Check the corpus of student variants of fc_net.py and optim.py against the reference package.

Each variant module in this folder (see any of them for the format) is applied to a
temporary copy of the answer key (solutions/fc_nets): every top-level function and
every method of every class it defines replaces the one of the same name in FILE
(a top-level function FILE does not have, a helper of the student's own, is added at
its end), and its top-level imports are added to FILE. The patched package is then run next to
the reference (source/fc_nets/deeplearning) at the same fixed parameters: losses,
gradients, test-time scores, dropout, running averages and update rules.

A correct variant (EXPECT == {}) must match the reference everywhere; a bug variant
must differ in exactly the graded parts named in its EXPECT. Differences of
representation are not failures but are printed as notes: bias shapes such as
(1, H), the dtype of a result (float64 arithmetic in a float32 net or rule); dict
order, caches and the number of random draws outside the seeded ones are not looked at. A
gradient in another shape than its parameter's is accepted when it broadcasts like it ((H,)
for a (1, H) bias, (1, H) for an (H,) one: an update gives the same numbers in a shape the
net treats the same), not when it does not ((H, 1) for (H,): an update makes an (H, H)
array); an update rule must return a parameter of such a shape too (checked on a 1-D bias).

Run from the repository root:

    python tests/variants/nets/check_nets.py            # every variant
    python tests/variants/nets/check_nets.py fc_net__inline_dot bug__fc_net__seed_changed
"""
import ast
import importlib
import importlib.util
import shutil
import sys
import tempfile
import textwrap
import traceback
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
ANSWER_KEY = ROOT / "solutions" / "fc_nets" / "deeplearning"
REFERENCE = ROOT / "source" / "fc_nets" / "deeplearning"
PARTS = ("two_layer_net", "fc_net", "fc_net_normalization", "update_rules")
TARGETS = ("deeplearning/classifiers/fc_net.py", "deeplearning/optim.py")
COMBINED = "combined"  # normalization and dropout together: graded by no part, checked for correct variants only
TOL64 = 1e-9  # normwise relative error of float64 results computed in another order
TOL32 = 1e-4  # the same for float32 nets and rules


# ---------------------------------------------------------------- reading and applying a variant
class Variant:
    """A variant module, read with ast (never imported): its metadata and the code it replaces."""

    def __init__(self, path):
        self.path = Path(path)
        self.name = self.path.stem
        self.source = self.path.read_text()
        tree = ast.parse(self.source)
        self.doc = ast.get_docstring(tree) or ""
        self.lines = self.source.splitlines()
        self.imports, self.functions, self.methods = [], {}, {}
        meta = {}
        for node in tree.body:
            if isinstance(node, (ast.Import, ast.ImportFrom)):
                self.imports.append(self.segment(node))
            elif isinstance(node, ast.FunctionDef):
                self.functions[node.name] = self.segment(node)
            elif isinstance(node, ast.ClassDef):
                self.methods[node.name] = {item.name: self.segment(item) for item in node.body
                                           if isinstance(item, ast.FunctionDef)}
            elif isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
                meta[node.targets[0].id] = ast.literal_eval(node.value)
        self.file = meta["FILE"]
        self.expect = meta["EXPECT"]
        part = self.name.split("__")[1 if self.is_bug else 0]
        if part not in PARTS or set(self.expect) - set(PARTS) or (self.is_bug and part not in self.expect) \
                or (not self.is_bug and self.expect) or self.file not in TARGETS:
            raise ValueError(f"{self.name}: the name, FILE or EXPECT do not follow the corpus' conventions")

    def segment(self, node):
        """The node's source lines (decorators included), dedented."""
        first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
        return textwrap.dedent("\n".join(self.lines[first - 1:node.end_lineno]))

    @property
    def is_bug(self):
        return self.name.startswith("bug__")


def patch_source(text, variant):
    """The text of the target file with the variant's functions, methods and imports put in."""
    tree = ast.parse(text)
    lines = text.splitlines()
    targets = {}  # (class or None, name) -> node
    for node in tree.body:
        if isinstance(node, ast.FunctionDef):
            targets[(None, node.name)] = node
        elif isinstance(node, ast.ClassDef):
            targets.update({(node.name, item.name): item for item in node.body if isinstance(item, ast.FunctionDef)})
    wanted = [((None, name), code) for name, code in variant.functions.items()]
    wanted += [((cls, name), code) for cls, methods in variant.methods.items() for name, code in methods.items()]
    edits, added = [], []
    for key, code in wanted:
        if key not in targets and key[0] is None:
            added.append(code)  # a helper function of the student's own
            continue
        if key not in targets:
            raise KeyError(f"{variant.name}: {'.'.join(filter(None, key))} is not defined in {variant.file}")
        node = targets[key]
        first = min([node.lineno] + [d.lineno for d in node.decorator_list])
        edits.append((first, node.end_lineno, textwrap.indent(code, " " * node.col_offset).splitlines()))
    for first, last, new in sorted(edits, reverse=True):
        lines[first - 1:last] = new
    last_import = max(node.end_lineno for node in tree.body if isinstance(node, (ast.Import, ast.ImportFrom)))
    lines[last_import:last_import] = [line for code in variant.imports for line in code.splitlines()]
    return "\n".join(lines + [line for code in added for line in ["", "", *code.splitlines()]]) + "\n"


def purge(package):
    for name in [name for name in sys.modules if name == package or name.startswith(package + ".")]:
        del sys.modules[name]


def import_patched(variant, workdir):
    """Copy the answer key's package to workdir, apply the variant, import it as `deeplearning`."""
    package = Path(workdir) / "deeplearning"
    shutil.copytree(ANSWER_KEY, package, ignore=shutil.ignore_patterns("__pycache__", "datasets"))
    if variant is not None:
        target = package / variant.file.removeprefix("deeplearning/")
        target.write_text(patch_source(target.read_text(), variant))
    purge("deeplearning")
    importlib.invalidate_caches()
    sys.path.insert(0, str(workdir))
    try:
        importlib.import_module("deeplearning.classifiers.fc_net")
        importlib.import_module("deeplearning.optim")
    finally:
        sys.path.remove(str(workdir))
    return Modules("deeplearning")


def import_reference():
    """The reference package under another name, so it can sit next to the patched one."""
    name = "reference_deeplearning"
    spec = importlib.util.spec_from_file_location(name, REFERENCE / "__init__.py",
                                                  submodule_search_locations=[str(REFERENCE)])
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    importlib.import_module(f"{name}.classifiers.fc_net")
    importlib.import_module(f"{name}.optim")
    return Modules(name)


class Modules:
    def __init__(self, package):
        self.fc_net = sys.modules[f"{package}.classifiers.fc_net"]
        self.optim = sys.modules[f"{package}.optim"]


# ---------------------------------------------------------------- comparing
class Mismatch(Exception):
    """A difference from the reference: the variant fails the group it is found in."""


def error(got, want, floor=1e-12):
    """Normwise relative error: largest absolute difference over the largest reference magnitude (at least floor)."""
    if not np.size(want):
        return 0.0
    scale = max(float(np.max(np.abs(want))), floor)
    return float(np.max(np.abs(np.asarray(got, dtype=np.float64) - want))) / scale


class Group:
    """The problems and notes found for one part."""

    def __init__(self):
        self.problems, self.notes = [], []

    def compare(self, got, want, what, tol=TOL64, floor=1e-12):
        """got (any representation of the same numbers) against the reference's want.

        floor: the smallest scale of the error; a gradient that is zero in exact arithmetic (the bias of a
        layer followed by batchnorm) is rounding noise, compared on the scale of the other gradients.
        """
        if got is None or isinstance(got, (tuple, list, dict)):
            raise Mismatch(f"{what} is {type(got).__name__ if got is not None else 'None'}, expected an array")
        got, want = np.asarray(got), np.asarray(want)
        if got.size != want.size:
            raise Mismatch(f"{what} has shape {got.shape}, expected {want.shape}")
        if got.dtype != want.dtype and want.ndim:
            self.note(f"{what} is {got.dtype} (reference {want.dtype})")
        if not np.all(np.isfinite(got)):
            raise Mismatch(f"{what} has NaN or infinity")
        err = error(got.reshape(want.shape), want, floor)
        if err > tol:
            raise Mismatch(f"{what} differs from the reference (relative error {err:.1e})")

    def note(self, text):
        """A difference of representation, reported but not a failure."""
        if text not in self.notes:
            self.notes.append(text)

    def compare_grads(self, grads, want, params, what, tol=TOL64):
        if not isinstance(grads, dict):
            raise Mismatch(f"{what}: grads is {type(grads).__name__}, expected a dict")
        if set(grads) != set(want):
            raise Mismatch(f"{what}: grads has keys {sorted(grads)}, expected {sorted(want)}")
        floor = 1e-3 * max(float(np.max(np.abs(value))) for value in want.values())
        for name in sorted(want):
            if np.shape(grads[name]) != np.shape(params[name]):
                if not broadcasts_like(grads[name], params[name]):
                    raise Mismatch(f"{what}: grads['{name}'] has shape {np.shape(grads[name])}, its parameter "
                                   f"{np.shape(params[name])}")
                self.note(f"grads['{name}'] has shape {np.shape(grads[name])}, its parameter "
                          f"{np.shape(params[name])}")
            self.compare(grads[name], want[name], f"{what}: grads['{name}']", tol, floor)

    def run(self, check, *args):
        """Run one check; a Mismatch or any exception is a problem of this group."""
        try:
            check(self, *args)
        except Mismatch as exc:
            self.problems.append(str(exc))
        except Exception as exc:  # a crash of the variant's code
            frame = traceback.extract_tb(exc.__traceback__)[-1]
            self.problems.append(f"{check.__name__}: {type(exc).__name__}: {exc} "
                                 f"({Path(frame.filename).name}:{frame.lineno})")


def broadcasts_like(got, param):
    """got has param's numbers in a shape that broadcasts like param's: param - got keeps param's size."""
    got_shape, shape = np.shape(got), np.shape(param)
    try:
        combined = np.broadcast_shapes(got_shape, shape)
    except ValueError:
        return False
    return np.size(got) == np.size(param) == int(np.prod(combined))


def same_start(group, ref_net, var_net, what):
    """Parameters after __init__: names, dtype, shapes (up to the bias representation), W draws, zeros, ones."""
    ref, var = ref_net.params, var_net.params
    if set(var) != set(ref):
        raise Mismatch(f"{what}: params has keys {sorted(var)}, expected {sorted(ref)}")
    for name, want in ref.items():
        got = np.asarray(var[name])
        constant = not name.startswith("W") and got.size == 1  # a scalar 0 bias (or 1 gamma): it broadcasts the same
        if got.dtype != want.dtype and not constant:
            raise Mismatch(f"{what}: params['{name}'] is {got.dtype}, the model's dtype is {want.dtype}")
        if (got.size != want.size and not constant) or (name.startswith("W") and got.shape != want.shape):
            raise Mismatch(f"{what}: params['{name}'] has shape {got.shape}, expected {want.shape}")
        if got.shape != want.shape or got.dtype != want.dtype:
            group.note(f"params['{name}'] is {got.dtype} of shape {got.shape} (reference {want.shape})")
        if not np.array_equal(np.broadcast_to(got.reshape(-1) if got.size == want.size else got, want.size)
                              .reshape(want.shape), want):
            raise Mismatch(f"{what}: params['{name}'] is not the expected initial value")


def same_given_state(group, ref_net, var_net, what):
    """The attributes the given code sets up (config, dropout_param, bn_params, ...)."""
    def given(net, attribute):  # the random state a config records depends on what ran before: not compared
        value = getattr(net, attribute, None)
        return {k: v for k, v in value.items() if k != "random_state"} if attribute == "config" and value else value

    for attribute in ("config", "reg", "num_layers", "normalization", "use_dropout", "dtype", "dropout_param"):
        if hasattr(ref_net, attribute) and given(var_net, attribute) != given(ref_net, attribute):
            raise Mismatch(f"{what}: self.{attribute} is {getattr(var_net, attribute, None)!r}, "
                           f"expected {getattr(ref_net, attribute)!r}")
    if hasattr(ref_net, "bn_params"):
        same_bn_params(group, ref_net, var_net, what)


def same_bn_params(group, ref_net, var_net, what):
    """One dict per normalization layer, with the reference's keys and values (running averages)."""
    ref, var = ref_net.bn_params, getattr(var_net, "bn_params", None)
    if not isinstance(var, list) or len(var) != len(ref):
        raise Mismatch(f"{what}: bn_params is {var!r}, expected {len(ref)} dicts")
    if len({id(d) for d in var}) != len(var):
        raise Mismatch(f"{what}: the layers share one bn_param dict")
    for i, (got, want) in enumerate(zip(var, ref)):
        if set(got) != set(want):
            raise Mismatch(f"{what}: bn_params[{i}] has keys {sorted(got)}, expected {sorted(want)}")
        for key, value in want.items():
            if isinstance(value, np.ndarray):
                group.compare(got[key], value, f"{what}: bn_params[{i}]['{key}']")
            elif got[key] != value:
                raise Mismatch(f"{what}: bn_params[{i}]['{key}'] is {got[key]!r}, expected {value!r}")


def fix_params(ref_net, var_net, seed):
    """The same random parameters in both nets, each in the shapes the net created."""
    rng = np.random.RandomState(seed)
    for name, value in ref_net.params.items():
        if name.startswith("gamma"):
            new = 1 + 0.2 * rng.randn(*value.shape)
        elif name.startswith(("b", "beta")):
            new = 0.3 * rng.randn(*value.shape)
        else:
            new = 1.2 * rng.randn(*value.shape) / np.sqrt(value.shape[0])
        ref_net.params[name] = new.astype(value.dtype)
        if name in var_net.params:  # a scalar bias gets the reference's shape, as a step of training gives it
            shape = np.shape(var_net.params[name])
            var_net.params[name] = new.astype(value.dtype).reshape(shape if np.size(var_net.params[name]) == new.size
                                                                   else value.shape)


def both(ref_cls, var_cls, rng_seed=0, **kwargs):
    """A reference net and a variant net built from the same global random state."""
    np.random.seed(rng_seed)
    ref = ref_cls(**kwargs)
    np.random.seed(rng_seed)
    var = var_cls(**kwargs)
    return ref, var


# ---------------------------------------------------------------- two_layer_net
def two_layer_init(group, R, V):
    kwargs = dict(input_dim=40, hidden_dim=60, num_classes=7, weight_scale=3e-2)
    ref, var = both(R.fc_net.TwoLayerNet, V.fc_net.TwoLayerNet, rng_seed=5, **kwargs)
    same_start(group, ref, var, "TwoLayerNet()")
    same_given_state(group, ref, var, "TwoLayerNet()")


def two_layer_losses(group, R, V):
    kwargs = dict(input_dim=12, hidden_dim=9, num_classes=4)
    ref, var = both(R.fc_net.TwoLayerNet, V.fc_net.TwoLayerNet, **kwargs)
    fix_params(ref, var, seed=1)
    rng = np.random.RandomState(2)
    X, y = rng.randn(6, 3, 4), rng.randint(4, size=6)
    group.compare(var.loss(X), ref.loss(X), "test-time scores")
    for reg in (0.0, 3.14):
        ref.reg = var.reg = reg
        loss, grads = var.loss(X, y)
        want_loss, want_grads = ref.loss(X, y)
        group.compare(loss, want_loss, f"loss with reg {reg}")
        group.compare_grads(grads, want_grads, var.params, f"reg {reg}")


# ---------------------------------------------------------------- FullyConnectedNet helpers
def net_kwargs(hidden=(20, 30), **kwargs):
    """Arguments of a float64 net with input_dim 15 and 10 classes."""
    return {"hidden_dims": list(hidden), "input_dim": 15, "num_classes": 10, "weight_scale": 5e-2,
            "dtype": np.float64, **kwargs}


def train_and_test(group, ref, var, X, y, what, tol=TOL64, calls=2):
    """Losses and gradients of `calls` training passes, then test-time scores, against the reference."""
    for call in range(1, calls + 1):
        loss, grads = var.loss(X, y)
        want_loss, want_grads = ref.loss(X, y)
        group.compare(loss, want_loss, f"{what}: loss of training pass {call}", tol)
        group.compare_grads(grads, want_grads, var.params, f"{what}, pass {call}", tol)
    group.compare(var.loss(X), ref.loss(X), f"{what}: test-time scores", tol)
    if var.dropout_param != ref.dropout_param:
        raise Mismatch(f"{what}: dropout_param became {var.dropout_param}, expected {ref.dropout_param}")


def data(seed, shape=(5, 15)):
    rng = np.random.RandomState(seed)
    return rng.randn(*shape), rng.randint(10, size=shape[0])


# ---------------------------------------------------------------- fc_net (no normalization, dropout)
def fc_init(group, R, V):
    for keep in (1, 0.5):
        ref, var = both(R.fc_net.FullyConnectedNet, V.fc_net.FullyConnectedNet, rng_seed=231,
                        **net_kwargs(dropout_keep_ratio=keep, seed=123))
        same_start(group, ref, var, f"FullyConnectedNet(keep {keep})")
        same_given_state(group, ref, var, f"FullyConnectedNet(keep {keep})")
    ref, var = both(R.fc_net.FullyConnectedNet, V.fc_net.FullyConnectedNet, hidden_dims=[7, 6, 5], input_dim=8,
                    num_classes=3)
    same_start(group, ref, var, "a float32 net with three hidden layers")


def fc_losses(group, R, V):
    cases = [((20, 30), 1, 0.0), ((20, 30), 1, 3.14), ((20, 30), 0.5, 0.0), ((20, 30), 0.5, 3.14),
             ((20,), 0.75, 0.7), ((20, 30, 25), 0.5, 3.14), ((20, 30, 25), 1, 0.7)]
    for case, (hidden, keep, reg) in enumerate(cases):
        ref, var = both(R.fc_net.FullyConnectedNet, V.fc_net.FullyConnectedNet,
                        **net_kwargs(hidden, dropout_keep_ratio=keep, seed=123, reg=reg))
        fix_params(ref, var, seed=case)
        X, y = data(case, (5, 3, 5))
        train_and_test(group, ref, var, X, y, f"hidden {list(hidden)}, keep {keep}, reg {reg}")


def fc_unseeded_dropout(group, R, V):
    ref, var = both(R.fc_net.FullyConnectedNet, V.fc_net.FullyConnectedNet, **net_kwargs(dropout_keep_ratio=0.3))
    fix_params(ref, var, seed=11)
    X, y = data(11)
    first, second = var.loss(X), var.loss(X)
    if first is None or not np.array_equal(first, second):
        raise Mismatch("two test-time calls without a seed give different scores")
    group.compare(first, ref.loss(X), "unseeded test-time scores")
    np.random.seed(3)  # the same global random state: the same masks
    want = ref.loss(X, y)[0]
    np.random.seed(3)
    group.compare(var.loss(X, y)[0], want, "unseeded training loss from the same random state")


def fc_float32(group, R, V):
    ref, var = both(R.fc_net.FullyConnectedNet, V.fc_net.FullyConnectedNet, hidden_dims=[20], input_dim=15,
                    num_classes=10, dropout_keep_ratio=0.5, seed=5)
    fix_params(ref, var, seed=12)
    X, y = data(12)
    train_and_test(group, ref, var, X, y, "float32 net", tol=TOL32, calls=1)


# ---------------------------------------------------------------- fc_net_normalization
def norm_init(group, R, V):
    for normalization in ("batchnorm", "layernorm"):
        ref, var = both(R.fc_net.FullyConnectedNet, V.fc_net.FullyConnectedNet, rng_seed=9,
                        **net_kwargs(normalization=normalization))
        same_start(group, ref, var, f"the {normalization} net")
        same_given_state(group, ref, var, f"the {normalization} net")


def norm_losses(group, R, V):
    case = 0
    for normalization in ("batchnorm", "layernorm"):
        for hidden, reg in (((20, 30), 0.0), ((20, 30), 3.14), ((20, 30, 25), 0.7)):
            case += 1
            ref, var = both(R.fc_net.FullyConnectedNet, V.fc_net.FullyConnectedNet,
                            **net_kwargs(hidden, normalization=normalization, reg=reg))
            fix_params(ref, var, seed=20 + case)
            X, y = data(20 + case, (8, 3, 5))
            train_and_test(group, ref, var, X, y, f"{normalization}, hidden {list(hidden)}, reg {reg}")


def norm_running_averages(group, R, V):
    for hidden in ((20, 30), (20, 30, 25)):
        ref, var = both(R.fc_net.FullyConnectedNet, V.fc_net.FullyConnectedNet,
                        **net_kwargs(hidden, normalization="batchnorm", weight_scale=5e-1))
        fix_params(ref, var, seed=31)
        rng = np.random.RandomState(32)
        for _ in range(3):
            batch, labels = 2 * rng.randn(8, 15) + 1, rng.randint(10, size=8)
            ref.loss(batch, labels)
            var.loss(batch, labels)
        same_bn_params(group, ref, var, f"batchnorm net {list(hidden)} after 3 training passes")
        X, _ = data(33, (6, 15))
        group.compare(var.loss(X), ref.loss(X), f"batchnorm net {list(hidden)}: test-time scores after training")


def norm_float32(group, R, V):
    for normalization in ("batchnorm", "layernorm"):
        ref, var = both(R.fc_net.FullyConnectedNet, V.fc_net.FullyConnectedNet, hidden_dims=[20, 30],
                        input_dim=15, num_classes=10, normalization=normalization)
        fix_params(ref, var, seed=40)
        X, y = data(40, (8, 15))
        train_and_test(group, ref, var, X, y, f"float32 {normalization} net", tol=TOL32, calls=1)


def combined(group, R, V):
    for normalization in ("batchnorm", "layernorm"):
        ref, var = both(R.fc_net.FullyConnectedNet, V.fc_net.FullyConnectedNet,
                        **net_kwargs(normalization=normalization, dropout_keep_ratio=0.5, seed=123, reg=0.5))
        fix_params(ref, var, seed=50)
        X, y = data(50, (8, 15))
        train_and_test(group, ref, var, X, y, f"{normalization} with dropout")


# ---------------------------------------------------------------- update_rules
RULES = {"sgd_momentum": ("velocity",), "rmsprop": ("cache",), "adam": ("m", "v")}


def grid(start, stop):
    return np.linspace(start, stop, num=20).reshape(4, 5)


def run_rule(group, rule, w, dw, config, what):
    """One call of the rule; dw must be left alone (w may be updated in place: a note). Returns (next_w, config)."""
    w_before, dw_before = w.copy(), dw.copy()
    result = rule(w, dw, config)
    if not (isinstance(result, tuple) and len(result) == 2):
        raise Mismatch(f"{what}: the rule returned {type(result).__name__}, expected (next_w, config)")
    if not np.array_equal(dw, dw_before):
        raise Mismatch(f"{what}: the rule changed its input dw in place")
    if not np.array_equal(w, w_before):
        group.note("updates w in place")
    return result


# The forms of each rule that behave the same from a fresh config, written here independently of the grader:
# (a function of (w, dw, hyperparameters, state) -> (next_w, state), its name). The momentum forms keep their
# velocity in other conventions; the others differ by where epsilon goes.
def _momentum_forms():
    def docstring(w, dw, h, s):
        v = h["momentum"] * s.get("velocity", 0) - h["learning_rate"] * dw
        return w + v, {"velocity": v}

    def sign_flipped(w, dw, h, s):
        v = h["momentum"] * s.get("velocity", 0) + h["learning_rate"] * dw
        return w - v, {"velocity": v}

    def gradient_units(w, dw, h, s):  # PyTorch
        v = h["momentum"] * s.get("velocity", 0) + dw
        return w - h["learning_rate"] * v, {"velocity": v}
    return {"docstring": docstring, "sign-flipped velocity": sign_flipped, "velocity in gradient units": gradient_units}


def _rmsprop_forms():
    def form(inside):
        def step(w, dw, h, s):
            cache = h["decay_rate"] * s.get("cache", 0) + (1 - h["decay_rate"]) * dw ** 2
            root = np.sqrt(cache + h["epsilon"]) if inside else np.sqrt(cache) + h["epsilon"]
            return w - h["learning_rate"] * dw / root, {"cache": cache}
        return step
    return {"docstring": form(False), "eps inside the root": form(True)}


def _adam_forms():
    def form(kind):
        def step(w, dw, h, s):
            t = s.get("t", 0) + 1
            m = h["beta1"] * s.get("m", 0) + (1 - h["beta1"]) * dw
            v = h["beta2"] * s.get("v", 0) + (1 - h["beta2"]) * dw ** 2
            m_hat, v_hat = m / (1 - h["beta1"] ** t), v / (1 - h["beta2"] ** t)
            if kind == "efficient":
                rate = h["learning_rate"] * np.sqrt(1 - h["beta2"] ** t) / (1 - h["beta1"] ** t)
                return w - rate * m / (np.sqrt(v) + h["epsilon"]), {"m": m, "v": v, "t": t}
            root = np.sqrt(v_hat + h["epsilon"]) if kind == "inside" else np.sqrt(v_hat) + h["epsilon"]
            return w - h["learning_rate"] * m_hat / root, {"m": m, "v": v, "t": t}
        return step
    return {"docstring": form("docstring"), "efficient (eps hat)": form("efficient"), "eps inside": form("inside")}


FORMS = {"sgd_momentum": _momentum_forms(), "rmsprop": _rmsprop_forms(), "adam": _adam_forms()}
HYPER = {"sgd_momentum": {"momentum": 0.9}, "rmsprop": {"decay_rate": 0.99, "epsilon": 1e-8},
         "adam": {"beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8}}


def matching_form(group, rule, steps, tol):
    """The form whose steps [(w, dw, state before, next_w, state after)] the variant's equal, or a Mismatch."""
    problems = {}
    for form_name, form in FORMS[rule].items():
        try:
            for step, (w, dw, before, next_w, after) in enumerate(steps, start=1):
                hyper = {"learning_rate": before.get("learning_rate", 1e-2), **HYPER[rule]}
                want_w, want_state = form(w.astype(np.float64), dw.astype(np.float64), hyper,
                                          {k: v for k, v in before.items() if k in RULES[rule] + ("t",)})
                if error(next_w, want_w) > tol:
                    raise Mismatch(f"step {step}: next_w differs (relative error {error(next_w, want_w):.1e})")
                for key in RULES[rule]:
                    if key not in after or error(after[key], want_state[key]) > tol:
                        raise Mismatch(f"step {step}: config['{key}'] differs")
                if rule == "adam" and after.get("t") != want_state["t"]:
                    raise Mismatch(f"step {step}: config['t'] is {after.get('t')}, expected {want_state['t']}")
            if form_name != "docstring":
                group.note(f"{rule}: {form_name}")
            return form_name
        except Mismatch as exc:
            problems[form_name] = str(exc)
    raise Mismatch(f"{rule} matches no accepted form: " + "; ".join(f"{k}: {v}" for k, v in problems.items()))


def snapshot(config):
    return {key: value.copy() if isinstance(value, np.ndarray) else value for key, value in config.items()}


def rules(group, R, V):
    rng = np.random.RandomState(60)
    for name, state in RULES.items():
        variant = getattr(V.optim, name)
        # Defaults: config=None (the same hyperparameters as the reference's).
        w, dw = rng.randn(4, 5), rng.randn(4, 5)
        got = run_rule(group, variant, w.copy(), dw, None, f"{name} with config=None")
        want = getattr(R.optim, name)(w.copy(), dw, None)
        for key, value in want[1].items():
            if not isinstance(value, np.ndarray) and got[1].get(key) != value:
                raise Mismatch(f"{name} with config=None: config['{key}'] is {got[1].get(key)!r}, expected {value!r}")
        matching_form(group, name, [(w, dw, {"learning_rate": want[1]["learning_rate"]}, got[0], got[1])], TOL64)
        # The notebook's step from a given state.
        config = {"learning_rate": 1e-2, **{key: grid(0.6, 0.9) for key in state}}
        if name == "adam":
            config.update(v=grid(0.7, 0.5), t=5)
        before = snapshot(config)
        w, dw = grid(-0.4, 0.6), grid(-0.6, 0.4)
        next_w, after = run_rule(group, variant, w.copy(), dw, config, f"{name}, notebook step")
        matching_form(group, name, [(w, dw, before, next_w, snapshot(after))], TOL64)
        # Several steps with the state fed back, in float64 and float32.
        for dtype, tol in ((np.float64, TOL64), (np.float32, TOL32)):
            w = rng.randn(6, 8).astype(dtype)
            config, steps = {"learning_rate": 1e-2}, []
            for dw in rng.randn(5, 6, 8).astype(dtype):
                before = snapshot(config)
                next_w, config = run_rule(group, variant, w.copy(), dw, config, f"{name}, {np.dtype(dtype).name}")
                steps.append((w, dw, before, next_w, snapshot(config)))
                if np.asarray(next_w).dtype != dtype:
                    group.note(f"{name} returns {np.asarray(next_w).dtype} for {np.dtype(dtype).name} weights")
                w = np.asarray(next_w)
            matching_form(group, name, steps, tol)
        # A bias-shaped (1-D) parameter, two steps with the state fed back: next_w in a shape that broadcasts
        # like w's (the weights are 2-D everywhere above).
        b, config, steps = rng.randn(7), {"learning_rate": 1e-2}, []
        for step in (1, 2):
            db, before = rng.randn(7), snapshot(config)
            next_b, config = run_rule(group, variant, b.copy(), db, config, f"{name} on a bias of shape (7,)")
            if not broadcasts_like(next_b, b):
                raise Mismatch(f"{name} changed the shape of a (7,) parameter to {np.shape(next_b)} at step {step}")
            state = {key: np.reshape(value, b.shape) if np.size(value) == b.size else value
                     for key, value in snapshot(config).items()}
            steps.append((b, db, before, np.reshape(next_b, b.shape), state))
            b = np.reshape(next_b, b.shape)
        matching_form(group, name, steps, TOL64)


# ---------------------------------------------------------------- verdicts
CHECKS = {
    "two_layer_net": (two_layer_init, two_layer_losses),
    "fc_net": (fc_init, fc_losses, fc_unseeded_dropout, fc_float32),
    "fc_net_normalization": (norm_init, norm_losses, norm_running_averages, norm_float32),
    "update_rules": (rules,),
    COMBINED: (combined,),
}


def check(reference, variant):
    """{group: Group} for the variant (None: the answer key itself)."""
    with tempfile.TemporaryDirectory() as workdir:
        patched = import_patched(variant, workdir)
        groups = {}
        for part, checks in CHECKS.items():
            groups[part] = Group()
            for one in checks:
                groups[part].run(one, reference, patched)
        return groups


def verdict(variant, groups):
    """(ok, line) for one variant."""
    failing = [part for part in PARTS if groups[part].problems]
    notes = sorted({note for group in groups.values() for note in group.notes})
    note = f"  [notes: {'; '.join(notes[:2])}{' ...' if len(notes) > 2 else ''}]" if notes else ""
    if variant is None or not variant.is_bug:
        bad = failing + ([COMBINED] if groups[COMBINED].problems else [])
        if not bad:
            return True, f"matches the reference in every part{note}"
        return False, "; ".join(f"{part}: {groups[part].problems[0]}" for part in bad)
    expected = list(variant.expect)
    if "fc_net" in expected and "fc_net_normalization" not in expected and "fc_net_normalization" in failing:
        # A bug of the net's shared code (affine-ReLU chain, loss, regularization of the weights) also changes the
        # normalized net's numbers; the grader charges it once, in fc_net.
        failing.remove("fc_net_normalization")
    first = {part: groups[part].problems[0] for part in failing}
    if set(failing) == set(expected):
        return True, "fails " + "; ".join(f"{part} ({first[part]})" for part in failing)
    missing = [part for part in expected if part not in failing]
    extra = [part for part in failing if part not in expected]
    parts = ([f"passes {', '.join(missing)} although EXPECT names it"] if missing else []) + \
        [f"also fails {part} ({first[part]})" for part in extra]
    return False, "; ".join(parts)


def main(names):
    paths = sorted(path for path in HERE.glob("*.py") if path.name != Path(__file__).name)
    if names:
        paths = [path for path in paths if path.stem in names]
        unknown = set(names) - {path.stem for path in paths}
        if unknown:
            sys.exit(f"no such variant: {', '.join(sorted(unknown))}")
    reference = import_reference()
    results = []
    runs = [(None, "answer key (no variant)")] + [(Variant(path), None) for path in paths]
    for variant, label in runs:
        try:
            ok, line = verdict(variant, check(reference, variant))
        except Exception as exc:  # the variant could not be applied or imported
            ok, line = False, f"could not be applied: {type(exc).__name__}: {exc}"
        kind = "answer" if variant is None else ("bug" if variant.is_bug else "correct")
        results.append(ok)
        print(f"{'PASS' if ok else 'FAIL'}  {kind:7s} {label or variant.name}: {line}", flush=True)
    bugs = sum(1 for variant, _ in runs if variant is not None and variant.is_bug)
    print(f"\n{sum(results)}/{len(results)} as expected ({len(runs) - 1 - bugs} correct variants, {bugs} bug "
          f"variants, and the answer key)")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
