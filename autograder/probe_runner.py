"""Runs inside the sandbox: calls the student's code on the grader's inputs, saves raw outputs.

    python -I probe_runner.py PART [PART ...]

This process (the supervisor) never runs student code. It imports numpy once (and the
grader's copy of the data when a part replays logs), then forks one child per part, in
order. The child takes a process group of its own, its own CPU limit, output files and
time limit, and confines itself further (Landlock, stacked on the sandbox's rules): it
may write only out/PART/ and tmp/PART/, and read only its own inputs and probes, the
student's package and the logs. A crash, a hang or a memory bomb in one part ends that
child only; the supervisor kills what is left of it (processes it started, also those
that left its process group) and goes on with the next part.

The working directory holds `fc_nets/` (the student's graded files next to the released
ones), `plan.json` (each part's time limit, the time it is sure to get, the deadline of all
parts, the files students edit, the files the replays may read, the pipes to the grader's
correct layers), `probes/PART.py` (the part's probes: every public function of it, in
order, takes the inputs and returns a dict of arrays) and `inputs/PART.npz` (written by
the grader). A part's child writes `out/PART/<probe>.npz` for every probe
that returns, `out/PART/errors.json` with a message for every probe that raised, and
`out/PART/current.txt` naming the probe that is running, so the grader can tell where a
crash or a timeout hit; its output goes to `out/PART/stdout.txt` and `stderr.txt`. The
supervisor writes `out/PART/status.json` (exit code, timed out, seconds, time limit) when the
child has ended, or says the part was not run because the deadline was too near.

A hang is found once. Just before a part's time limit its child dumps its stack (faulthandler,
from a thread of its own, whatever the student's code does with signals); when the part times
out, the supervisor takes the innermost frame in the student's package from it and records the
function, file and line in status.json and in tmp/stuck.json, where no part may write. Later
children load the student's modules with a stand-in for that function (KnownHangs), which fails
at once with the same diagnosis, so a part that calls it does not wait for its own time limit;
a part that never calls it is not affected. The children write `out/PART/known_hangs.json`
naming the probes that called such a stand-in.

Nothing here holds an expected value or a correct layer: probes only feed inputs and
record outputs. Where a part grades a net with correct layers in place of the student's
(correct_layers), those layers run in the grader (autograder.oracle) and answer through
a pipe of that part's own, so student code never holds them. Everything is judged later,
in the grader, where no student code runs.
"""
import contextlib
import ctypes
import errno
import faulthandler
import importlib.machinery
import importlib.util
import inspect
import io
import json
import os
import re
import resource
import select
import signal
import sys
import tempfile
import time
import traceback
import types

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
ASSIGNMENT = os.path.join(HERE, "fc_nets")


def describe_exception(exc):
    """'Type: message (file, line N)' naming the deepest frame in the student's files."""
    if isinstance(exc, NeverReturned):
        return str(exc)  # it names the function, file and line itself
    message = str(exc)
    if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
        message = "your code wrote more than 256 MB of output or files (print less)"
    if len(message) > 400:
        message = message[:400] + " ..."
    location = None
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.startswith(ASSIGNMENT):
            location = (os.path.relpath(frame.filename, ASSIGNMENT), frame.lineno)
            break
    if isinstance(exc, SyntaxError) and exc.filename and exc.filename.startswith(ASSIGNMENT):
        location = (os.path.relpath(exc.filename, ASSIGNMENT), exc.lineno)
    where = ""
    if location:
        where = f" (line {location[1]})" if location[0] in message else f" ({location[0]}, line {location[1]})"
    return f"{type(exc).__name__}: {message}{where}"


def model_params(model):
    """A model's parameters as arrays, for the probes that save them."""
    return {name: np.asarray(value) for name, value in model.params.items()}


def replay_logs(inputs, names=None):
    """Replay the start of every logged run (inputs["replayed"], or names) with the student's code: rebuild the model
    from the log's settings and random state, and run the first inputs["iterations"] iterations of its Solver on the
    grader's copy of the data (load_data). Returns {<log>:loss, <log>:train_acc, <log>:val_acc}, or
    {<log>:error} with the reason a log could not be replayed."""
    out = {}
    for name in [str(name) for name in (inputs["replayed"] if names is None else names)]:
        try:
            losses, train_acc, val_acc = _replay(name, inputs)
        except BaseException as exc:  # noqa: BLE001 (whatever the student's code does, the other logs go on)
            out[f"{name}:error"] = np.array(describe_exception(exc))
            continue
        out.update({f"{name}:loss": np.asarray(losses, dtype=np.float64),
                    f"{name}:train_acc": np.asarray(train_acc, dtype=np.float64),
                    f"{name}:val_acc": np.asarray(val_acc, dtype=np.float64)})
    return out


class CenteredImages:
    """Images as the notebooks feed them to the Solver (float32, the mean training image subtracted), made from the
    grader's uint8 copy a minibatch at a time: the whole training set as float32 would take 574 MiB at full scale,
    more than a part may use. Indexing gives the same numbers as indexing the notebook's float32 array."""

    def __init__(self, images, mean):
        self.images, self.mean = images, mean

    @property
    def shape(self):
        return self.images.shape

    def __len__(self):
        return len(self.images)

    def __getitem__(self, index):
        return self.images[index].astype(np.float32) - self.mean

    def first(self, n):
        """The first n images, still converted on demand."""
        return CenteredImages(self.images[:n], self.mean)


_DATA = {}  # the grader's copy of the experiments' data, loaded once by the supervisor and shared with the children


def load_data(data_file, images_file):
    """Load the grader's copy of the data (autograder.references): the training images memory-mapped, the rest in
    memory. Only the pages a part reads count towards its memory."""
    with np.load(data_file, allow_pickle=False) as npz:
        mean = npz["mean_image"]
        arrays = {key: npz[key] for key in ("y_train", "images_val", "y_val")}
    images = np.load(images_file, mmap_mode="r", allow_pickle=False)
    if len(images) != len(arrays["y_train"]):
        raise ValueError(f"{images_file} holds {len(images)} images for {len(arrays['y_train'])} labels")
    _DATA.update(X_train=CenteredImages(images, mean), y_train=arrays["y_train"],
                 X_val=CenteredImages(arrays["images_val"], mean), y_val=arrays["y_val"])


def _solver_from_log(name, inputs, with_state=False):
    """(the Solver a log's settings describe, with the student's model built as the log recorded it, on the grader's
    copy of the data; the log's config; with_state: the parameters and running averages it records)."""
    import deeplearning.classifiers.fc_net as fc_net
    from deeplearning.solver import Solver, set_random_state

    with np.load(os.path.join("logs", os.path.basename(name)), allow_pickle=False) as npz:
        config = json.loads(str(npz["config"]))
        arrays = {key: npz[key] for key in npz.files if "/" in key} if with_state else {}
    model = config["model"]
    set_random_state(model["random_state"])
    if model["model"] == "TwoLayerNet":
        net = fc_net.TwoLayerNet(input_dim=model["input_dim"], hidden_dim=model["hidden_dims"][0],
                                 num_classes=model["num_classes"], weight_scale=model["weight_scale"], reg=model["reg"])
    else:
        net = fc_net.FullyConnectedNet(model["hidden_dims"], input_dim=model["input_dim"],
                                       num_classes=model["num_classes"],
                                       dropout_keep_ratio=model["dropout_keep_ratio"],
                                       normalization=model["normalization"], reg=model["reg"],
                                       weight_scale=model["weight_scale"], dtype=np.dtype(model["dtype"]),
                                       seed=model.get("seed"))
    n = config["num_train"]
    data = {"X_train": _DATA["X_train"].first(n), "y_train": _DATA["y_train"][:n], "X_val": _DATA["X_val"],
            "y_val": _DATA["y_val"]}
    solver = Solver(net, data, update_rule=config["update_rule"], optim_config=dict(config["optim_config"]),
                    lr_decay=config["lr_decay"], batch_size=config["batch_size"], num_epochs=config["num_epochs"],
                    num_train_samples=config["num_train_samples"], num_val_samples=config["num_val_samples"],
                    seed=config["seed"], verbose=False)
    return solver, config, arrays


def _replay(name, inputs):
    """A replay of the log's first inputs["iterations"] iterations, or with inputs["whole"] of the whole run (its
    losses and training accuracies; the validation accuracy at its first check only, which the grader does not grade
    later on)."""
    solver, config, _ = _solver_from_log(name, inputs)
    whole = bool(inputs.get("whole", False))
    return solver.replay(None if whole else int(inputs["iterations"]), state=config.get("random_state"),
                         validation=not whole)


def prove_logs(inputs):
    """For every log of inputs["proved"]: the parameters it records (Solver.record_histories_as_npz), measured again
    with the student's code at the accuracy check the log says they come from (Solver.audit, from the random state
    recorded there) on the grader's copy of the data. Returns {<log>:audit: [check, train acc, val acc, next loss or
    nan]} and, for the logs of inputs["training_loss"], {<log>:training_loss}; or {<log>:error} with the reason."""
    from deeplearning.solver import set_model_state

    out = {}
    for name in (str(name) for name in inputs["proved"]):
        try:
            solver, config, arrays = _solver_from_log(name, inputs, with_state=True)
            check, states = int(config["recorded_params"]["check"]), config["check_states"]
            set_model_state(solver.model, arrays)
            train_acc, val_acc, next_loss = solver.audit(states[check], next_loss=check < len(states) - 1)
            out[f"{name}:audit"] = np.array([check, train_acc, val_acc, np.nan if next_loss is None else next_loss])
            if name in [str(log) for log in inputs.get("training_loss", [])]:
                out[f"{name}:training_loss"] = np.float64(solver.training_loss())
        except BaseException as exc:  # noqa: BLE001 (whatever the student's code or the log does, the others go on)
            out[f"{name}:error"] = np.array(describe_exception(exc))
    return out


def set_params(model, params):
    """Give the model the grader's parameters, in the shapes the model made them (a bias of shape (1, H)
    broadcasts like one of shape (H,)), so that its results do not depend on its random initialization."""
    for name, value in params.items():
        current = model.params.get(name)
        shape = np.shape(current) if current is not None and np.size(current) == value.size else value.shape
        model.params[name] = value.reshape(shape).astype(getattr(current, "dtype", value.dtype))

# --------------------------------------------------------------------- messages between the sandbox and the grader
MAX_MESSAGE_BYTES = 200_000_000


def write_message(fd, arrays, deadline=None):
    """Send a dict of arrays (an .npz, never a pickle) with its length in front. With a deadline, fd must be
    non-blocking: the grader never waits longer than that for a reader that does not read."""
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    data = memoryview(len(buffer.getbuffer()).to_bytes(8, "little") + buffer.getvalue())
    while data:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([], [fd], [], remaining)[1]:
                raise TimeoutError("the other side did not read the message before the time limit")
        try:
            data = data[os.write(fd, data):]
        except BlockingIOError:
            continue


def _read_exactly(fd, size, deadline):
    chunks, left = [], size
    while left:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError("no complete message before the time limit")
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            if left == size and not chunks:
                return None
            raise EOFError("the message was cut short")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_message(fd, deadline=None):
    """The dict of arrays of the next message, or None when the other side closed the channel."""
    header = _read_exactly(fd, 8, deadline)
    if header is None:
        return None
    size = int.from_bytes(header, "little")
    if size > MAX_MESSAGE_BYTES:
        raise ValueError(f"a message of {size} bytes is too large")
    data = _read_exactly(fd, size, deadline)
    if data is None:
        raise EOFError("the message was cut short")
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        return {key: npz[key] for key in npz.files}


# --------------------------------------------------------------------- correct layers, computed by the grader
class Oracle:
    """The sandbox's end of the channel to the grader's correct layers (autograder.oracle)."""

    def __init__(self, requests, responses):
        self.requests, self.responses = requests, responses

    def call(self, call, params=None, **arrays):
        message = {"call": np.array(call), "params": np.array(json.dumps(params or {}))}
        message.update({name: np.asarray(value) for name, value in arrays.items() if value is not None})
        write_message(self.requests, message)
        response = read_message(self.responses)
        if response is None:
            raise RuntimeError("the grader closed its end of the channel")
        if "error" in response:
            raise ValueError(f"{call}: {response['error']}")
        return response


ORACLE = None  # connected in the part's child when the grader serves correct layers for the part
SERVED = ()  # the names of the layers it serves


def _stubs(oracle, originals):
    """Stand-ins for the layer functions of the student's package: same signatures and cache layouts.

    A backward stand-in answers only for a cache that a forward stand-in made; any other cache (one the student's
    code built itself, in its own layout) goes to the student's own function (originals), so that the student's
    wiring is judged on its own behaviour and never broken by the substitution."""
    issued = {}  # id -> cache made by a forward stand-in (kept alive, so that ids stay unique)

    def issue(cache):
        issued[id(cache)] = cache
        return cache

    def grader_made(cache):
        return issued.get(id(cache)) is cache

    def dropout_params(param):
        return {"mode": str(param["mode"]), "p": float(param["p"]), "param_id": id(param),
                "seed": int(param["seed"]) if param.get("seed") is not None else None}

    def affine_forward(x, w, b):
        return oracle.call("affine_forward", x=x, w=w, b=b)["out"], issue((x, w, b))

    def affine_backward(dout, cache):
        if not grader_made(cache):
            return originals["affine_backward"](dout, cache)
        x, w, b = cache
        result = oracle.call("affine_backward", dout=dout, x=x, w=w, b=b)
        return result["dx"], result["dw"], result["db"]

    def relu_forward(x):
        return oracle.call("relu_forward", x=x)["out"], issue(x)

    def relu_backward(dout, cache):
        if not grader_made(cache):
            return originals["relu_backward"](dout, cache)
        return oracle.call("relu_backward", dout=dout, x=cache)["dx"]

    def dropout_forward(x, dropout_param):
        result = oracle.call("dropout_forward", dropout_params(dropout_param), x=x)
        return result["out"], issue((dropout_param, result.get("mask")))

    def dropout_backward(dout, cache):
        if not grader_made(cache):
            return originals["dropout_backward"](dout, cache)
        dropout_param, mask = cache
        return oracle.call("dropout_backward", {"mode": str(dropout_param["mode"])}, dout=dout, mask=mask)["dx"]

    def normalize(call, x, gamma, beta, param):
        params = {key: param[key] for key in ("mode", "eps", "momentum") if key in param}
        params["param_id"] = id(param)
        running = {key: param.get(key) for key in ("running_mean", "running_var")} if call == "batchnorm_forward" else {}
        result = oracle.call(call, params, x=x, gamma=gamma, beta=beta, **running)
        for key in ("running_mean", "running_var"):
            if key in result:
                param[key] = result[key]
        return result["out"], issue(("cache of the grader's layer", int(result["token"]))) if "token" in result else None

    def batchnorm_forward(x, gamma, beta, bn_param):
        return normalize("batchnorm_forward", x, gamma, beta, bn_param)

    def layernorm_forward(x, gamma, beta, ln_param):
        return normalize("layernorm_forward", x, gamma, beta, ln_param)

    def backward(call):
        def normalization_backward(dout, cache):
            if not grader_made(cache):
                return originals[call](dout, cache)
            result = oracle.call(call, {"token": cache[1]}, dout=dout)
            return result["dx"], result["dgamma"], result["dbeta"]
        return normalization_backward

    return {"affine_forward": affine_forward, "affine_backward": affine_backward, "relu_forward": relu_forward,
            "relu_backward": relu_backward, "dropout_forward": dropout_forward, "dropout_backward": dropout_backward,
            "batchnorm_forward": batchnorm_forward, "batchnorm_backward": backward("batchnorm_backward"),
            "batchnorm_backward_alt": backward("batchnorm_backward_alt"), "layernorm_forward": layernorm_forward,
            "layernorm_backward": backward("layernorm_backward")}


@contextlib.contextmanager
def correct_layers():
    """Within the block, the student's layer functions that the grader serves for this part (CORRECT_LAYERS in
    the part's __init__) are the grader's correct ones, wherever the student's package refers to them (also
    under another name)."""
    import deeplearning.layers as layers

    originals = {name: getattr(layers, name) for name in SERVED if hasattr(layers, name)}
    pairs = [(originals[name], stub) for name, stub in _stubs(ORACLE, originals).items() if name in originals]

    def swap(table):
        for name, module in list(sys.modules.items()):
            if name == "deeplearning" or name.startswith("deeplearning."):
                for attribute, value in list(vars(module).items()):
                    if id(value) in table:
                        setattr(module, attribute, table[id(value)])

    swap({id(original): stub for original, stub in pairs})
    try:
        yield
    finally:  # also in the modules imported inside the block, which bound the stubs
        swap({id(stub): original for original, stub in pairs})


def as_array(value):
    """value as a numeric array; anything else becomes a note the grader turns into a message."""
    try:
        array = None if isinstance(value, (dict, str, bytes)) else np.asarray(value)
    except Exception:  # e.g. a ragged list
        array = None
    if value is None:
        return np.array("None: the function returns nothing yet (is its TODO done?)")
    if isinstance(value, np.ndarray) and value.dtype.kind == "U":  # a message (the replay's reason, ...)
        return value
    if array is None or array.dtype.kind not in "fiub":
        return np.array(f"a {type(value).__name__}, not a numeric array")
    return array


def probes(part):
    """The public functions of probes/PART.py, in the order they are defined."""
    sys.modules.setdefault("probe_runner", sys.modules[__name__])  # probes import this module, not a copy
    spec = importlib.util.spec_from_file_location(f"probes_{part}", os.path.join(HERE, "probes", part + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [function for name, function in vars(module).items()
            if inspect.isfunction(function) and function.__module__ == module.__name__ and not name.startswith("_")]


def run_probes(part):
    """In the part's child: every probe of the part, each result or error saved as it comes."""
    out_dir = os.path.join("out", part)
    with np.load(os.path.join("inputs", part + ".npz"), allow_pickle=False) as npz:
        inputs = {key: npz[key] for key in npz.files}
    functions = probes(part)  # before the student's package is on the path
    sys.path.insert(0, ASSIGNMENT)
    global CURRENT_PROBE
    errors = {}
    for function in functions:
        name = CURRENT_PROBE = function.__name__
        with open(os.path.join(out_dir, "current.txt"), "w") as f:
            f.write(name)
        if ORACLE:
            ORACLE.call("probe", {"name": name})
        np.random.seed(int(inputs["rng_seed"]))
        try:
            result = {key: as_array(value) for key, value in function(inputs).items()}
            np.savez(os.path.join(out_dir, name + ".npz"), **result)
        except BaseException as exc:  # noqa: BLE001 (SystemExit and KeyboardInterrupt from student code too)
            errors[name] = describe_exception(exc)
        with open(os.path.join(out_dir, "errors.json"), "w") as f:
            json.dump(errors, f)
        if CALLED_STAND_IN:
            with open(os.path.join(out_dir, "known_hangs.json"), "w") as f:
                json.dump({probe: "called a function that did not return earlier" for probe in CALLED_STAND_IN}, f)
    os.remove(os.path.join(out_dir, "current.txt"))


# --------------------------------------------------------------------- a hang is found once
# [{"file", "function", "line", "source", "part", "seconds"}]: functions of the student's package that did not return
# in an earlier part, in the supervisor and (forked) in each child. The supervisor keeps them in STUCK_FILE too, for a
# supervisor that replaces it in the same sandbox.
STUCK = []
STUCK_FILE = os.path.join("tmp", "stuck.json")
STUCK_DUMP = os.path.join("tmp", "stack_{}.txt")  # where a part's child dumps its stack just before its time limit
DUMP_BEFORE_DEADLINE = 0.5  # seconds
CURRENT_PROBE = None  # in a child: the probe running
CALLED_STAND_IN = []  # in a child: the probes that called a stand-in
STAND_IN_HOOK = "__grader_did_not_return__"  # the name under which the stand-ins find did_not_return


class NeverReturned(TimeoutError):
    """Raised at once where student code calls a function that did not return in an earlier part."""


def hang_diagnosis(stuck, within, earlier_part=None):
    """What the student reads about a function that did not return: where, the line itself, what to look for."""
    line = f"line {stuck['line']}" + (f" (`{stuck['source']}`)" if stuck.get("source") else "")
    if stuck["function"] == "<module>":
        what = f"importing {stuck['file']} did not finish within {within}, at {line}"
    else:
        what = f"{stuck['function']} in {stuck['file']}, {line}, did not return within {within}"
    if earlier_part:
        what += f" when the {earlier_part} part ran it, so it was not run again here"
    what += ": look for a loop that never ends"
    if stuck.get("loop_line"):
        what += f" (line {stuck['line']} is in the loop `{stuck['loop_source']}` of line {stuck['loop_line']})"
    return what


def did_not_return(index):
    """Called by a stand-in: the function it stands for did not return in an earlier part."""
    stuck = STUCK[index]
    if CURRENT_PROBE not in CALLED_STAND_IN:
        CALLED_STAND_IN.append(CURRENT_PROBE)
    raise NeverReturned(hang_diagnosis(stuck, f"{stuck['seconds']:g} s", stuck["part"]))


def stuck_in_dump(text, student_files):
    """The innermost frame of the dumped stack that lies in one of the files students edit (student_files, relative
    to the assignment), else in another file of the package, as a STUCK entry (without part and seconds); None if
    the stack holds neither."""
    assignment = os.path.realpath(ASSIGNMENT)
    frames = [(os.path.relpath(os.path.realpath(path), assignment), int(line), function) for path, line, function
              in re.findall(r'^\s*File "(.+)", line (\d+) in (\S+)', text, re.MULTILINE)]  # innermost first
    package = [frame for frame in frames if frame[0].startswith("deeplearning" + os.sep)]
    found = [frame for frame in package if frame[0] in student_files] or package
    if not found:
        return None
    file, line, function = found[0]
    path = os.path.join(assignment, file)
    stuck = {"file": file, "function": function, "line": line, "source": source_line(path, line)}
    loop = enclosing_loop(path, line)
    if loop:
        stuck.update(loop_line=loop, loop_source=source_line(path, loop))
    return stuck


def enclosing_loop(path, number):
    """The first line of the innermost loop (for, while) around line `number` of a student's file, if that is not
    the line itself; None otherwise. The file is parsed, never run."""
    import ast

    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            tree = ast.parse(f.read(2_000_000))
    except (SyntaxError, ValueError, RecursionError, MemoryError, OSError):
        return None
    loops = [node.lineno for node in ast.walk(tree) if isinstance(node, (ast.For, ast.While, ast.AsyncFor))
             and node.lineno < number <= (node.end_lineno or node.lineno)]
    return max(loops, default=None)


def source_line(path, number, limit=120):
    """Line `number` of a student's file, stripped and cut to `limit` characters ('' if it cannot be read)."""
    with contextlib.suppress(OSError, UnicodeDecodeError):
        with open(path, encoding="utf-8", errors="replace") as f:
            for count, line in enumerate(f, start=1):
                if count == number:
                    line = line.strip()
                    return line if len(line) <= limit else line[:limit] + " ..."
                if count > number:
                    break
    return ""


def _is_stuck(code, stuck):
    return (code.co_name == stuck["function"] and stuck["line"] in {line for _, _, line in code.co_lines()}
            and os.path.realpath(code.co_filename) == os.path.realpath(os.path.join(ASSIGNMENT, stuck["file"])))


def stand_in(code, index):
    """A code object to take code's place: it calls did_not_return(index) at once, at the stuck line, under code's
    name and with its free variables (so the function, method or closure that holds it is made as before)."""
    call = f"{STAND_IN_HOOK}({index})"
    if code.co_name == "<module>":
        replacement = compile(call, code.co_filename, "exec")
    else:
        cells = "".join(f"    {name} = None\n" for name in code.co_freevars)
        body = ", ".join((*code.co_freevars, call))
        source = f"def outer():\n{cells}    def stand_in(*args, **kwargs): {body}\n"
        outer = next(c for c in compile(source, code.co_filename, "exec").co_consts if isinstance(c, types.CodeType))
        replacement = next(c for c in outer.co_consts if isinstance(c, types.CodeType))
        names = {"co_name": code.co_name, **({"co_qualname": code.co_qualname} if hasattr(code, "co_qualname") else {})}
        replacement = replacement.replace(**names)
    return replacement.replace(co_firstlineno=STUCK[index]["line"])  # all its instructions are on its first line


def with_stand_ins(code):
    """code (a module's), with a stand-in for every code object in it that is a STUCK entry."""
    for index, stuck in enumerate(STUCK):
        if _is_stuck(code, stuck):
            return stand_in(code, index)
    consts = tuple(with_stand_ins(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_consts=consts) if any(a is not b for a, b in zip(consts, code.co_consts)) else code


class GuardedLoader(importlib.machinery.SourceFileLoader):
    """Loads a student's module with stand-ins for its functions that did not return in an earlier part."""

    def get_code(self, fullname):
        return with_stand_ins(super().get_code(fullname))

    def exec_module(self, module):
        module.__dict__[STAND_IN_HOOK] = did_not_return
        super().exec_module(module)


class KnownHangs:
    """A meta path finder for the children: the modules of the files in STUCK get a GuardedLoader."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return None
        origin = os.path.realpath(spec.origin)
        if not any(origin == os.path.realpath(os.path.join(ASSIGNMENT, stuck["file"])) for stuck in STUCK):
            return None
        spec.loader = GuardedLoader(spec.name, spec.origin)
        return spec


def load_stuck():
    """The hangs found by an earlier supervisor of this sandbox."""
    with contextlib.suppress(OSError, ValueError):
        with open(STUCK_FILE) as f:
            STUCK[:] = [entry for entry in json.load(f) if isinstance(entry, dict)]


def record_stuck(part, seconds, student_files):
    """After the part timed out: the function its child was stuck in, from the dump (None if it was not in the
    student's package), added to STUCK."""
    try:
        with open(STUCK_DUMP.format(part), errors="replace") as f:
            stuck = stuck_in_dump(f.read(200_000), student_files)
    except OSError:
        return None
    if stuck is not None:
        stuck.update(part=part, seconds=round(seconds, 1))
        if not any(_same_place(stuck, known) for known in STUCK):
            STUCK.append(stuck)
            with open(STUCK_FILE, "w") as f:
                json.dump(STUCK, f)
    return stuck


def _same_place(a, b):
    return all(a[key] == b[key] for key in ("file", "function", "line"))


# --------------------------------------------------------------------- one child per part
def confine(part, plan, limit):
    """In the part's child, before any student code: its own output files, pipes, CPU limit (from its time limit),
    file-system rules and, where the supervisor is root, the sandbox's unprivileged uid (enter)."""
    global ORACLE, SERVED
    for name, stream in (("stdout", 1), ("stderr", 2)):
        fd = os.open(os.path.join("out", part, name + ".txt"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, stream)
        os.close(fd)
    for other, fds in plan["oracle_fds"].items():
        if other != part:
            for fd in fds:
                os.close(fd)
    if part in plan["oracle_fds"]:
        ORACLE = Oracle(*plan["oracle_fds"][part])
        SERVED = tuple(plan["correct_layers"][part])
    tmp = os.path.abspath(os.path.join("tmp", part))
    os.environ.update(HOME=tmp, TMPDIR=tmp, MPLCONFIGDIR=tmp)
    tempfile.tempdir = None
    cpu_seconds, hard = int(limit) + 5, resource.getrlimit(resource.RLIMIT_CPU)[1]
    within = (lambda seconds: seconds) if hard == resource.RLIM_INFINITY else (lambda seconds: min(seconds, hard))
    resource.setrlimit(resource.RLIMIT_CPU, (within(cpu_seconds), within(cpu_seconds + 5)))
    own = [os.path.join(HERE, name) for name in ("fc_nets", "logs", "probe_runner.py", "sandbox.py", "isolation.py",
                                                  os.path.join("probes", part + ".py"),
                                                  os.path.join("inputs", part + ".npz"))]
    enter(plan["read_only"] + own, [os.path.join(HERE, "out", part), tmp])


UID = None  # the sandbox's unprivileged uid (and gid), where the supervisor runs as root


def enter(read_only, read_write):
    """Confine this process as a part's process is confined: Landlock where the kernel has it (stacked on the
    sandbox's rules), then, where the supervisor is root, the sandbox's uid for good (isolation.drop_privileges).
    Returns {folder: descriptor} of the interpreter's folders the uid reaches only through /proc/self/fd."""
    import isolation
    import sandbox  # autograder/sandbox.py, copied next to this file

    try:
        sandbox.restrict_self(sandbox.interpreter_paths() + sandbox.SYSTEM_READ_ONLY + read_only,
                              read_write + sandbox.DEVICES_READ_WRITE)
    except sandbox.LandlockUnavailable:
        pass  # the sandbox already warned
    if UID is None:
        return {}
    fds = isolation.open_dirs(isolation.interpreter_dirs(sandbox.interpreter_paths()))
    return isolation.drop_privileges(UID, fds)


def isolate(plan):
    """Before any part: where the supervisor is root, choose the sandbox's uid and give the sandbox to root and that
    uid's group; then check, in a child confined as a part's, which of the grader's sensitive paths (plan["guarded"])
    it can read and which of plan["unwritable"] it can write. The record goes to tmp/isolation.json for the grader."""
    import isolation
    import sandbox

    global UID
    namespace = json.loads(os.environ.get(isolation.ENV_NAMESPACE) or "{}")
    record = {"landlock": sandbox.landlock_abi(), "uid": None, "root": isolation.is_root(),
              "private_root": namespace.get("private_root", False), "private_network": namespace.get("network", False),
              "namespace_problem": namespace.get("problem", "")}
    if isolation.is_root():
        UID, record["uid_note"] = isolation.sandbox_ids(os.getpid())
        isolation.share_with_group(HERE, UID)
        # Only the supervisor reads the plan; a part reads its own inputs and probes only (run_child).
        for path in ["plan.json", *(os.path.join(folder, name) for folder in ("inputs", "probes")
                                    for name in os.listdir(folder))]:
            os.chmod(path, 0o600)
    kept = [HERE, *plan["read_only"]]  # what the sandbox may reach
    samples = isolation.sample(plan.get("guarded", {}), skip=kept)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            os.setpgid(0, 0)
            fds = enter([], [])
            result = {"reachable": isolation.reachable(samples, plan.get("unwritable", {}), fds, kept)}
        except BaseException as exc:  # noqa: BLE001 (the check must never return into the supervisor)
            result = {"error": f"{type(exc).__name__}: {exc}"}
        try:
            os.write(write, json.dumps(result).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as f:
        answer = f.read(1_000_000)
    os.waitpid(pid, 0)
    if UID is not None:
        isolation.kill_uid(UID)
    try:
        result = json.loads(answer)
    except ValueError:
        result = {"error": "the isolation check ended without an answer"}
    if "error" in result and UID is not None:  # the kernel refused the uid: the parts run without it
        record["why"] = f"the sandbox uid {UID} could not be used ({result['error']})"
        UID = None
    record.update(uid=UID, reachable=result.get("reachable", []), check_error=result.get("error", ""))
    fd = os.open(ISOLATION_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(record, f)


ISOLATION_FILE = os.path.join("tmp", "isolation.json")


def run_child(part, plan, limit):
    """Fork the part's child, wait for it within its time limit (seconds), kill what is left; return its status."""
    import isolation

    own = [os.path.join("inputs", part + ".npz"), os.path.join("probes", part + ".py")]
    for folder in (os.path.join("out", part), os.path.join("tmp", part)):
        os.makedirs(folder, exist_ok=True)
        if UID is not None:  # the only folders the part's uid may write
            isolation.hand_over(folder, UID)
    for path in own if UID is not None else ():
        with contextlib.suppress(FileNotFoundError):
            os.chmod(path, 0o640)  # readable by the sandbox's group while the part runs
    # Opened here, where no part may write: the child's stack goes there just before its time limit.
    dump = os.open(STUCK_DUMP.format(part), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    # The child writes READY here once its own set-up is done, before any student code runs: a child that ends
    # without it failed in the grader's code (a grader fault); at its end it writes its peak virtual memory.
    report_r, report_w = os.pipe()
    start_vm_kb = virtual_memory_kb("VmSize")  # the child starts with the supervisor's address space
    sys.stdout.flush()
    sys.stderr.flush()
    start = time.monotonic()
    deadline = start + limit
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            os.close(report_r)
            os.setpgid(0, 0)
            if LIBC:  # if the supervisor is killed, the part goes with it
                LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            # From a thread of its own: it works whatever student code does with signals, and even while it runs C.
            faulthandler.dump_traceback_later(max(0.05, deadline - DUMP_BEFORE_DEADLINE - time.monotonic()), file=dump)
            confine(part, plan, limit)
            if STUCK:
                sys.meta_path.insert(0, KnownHangs)
            os.write(report_w, READY)
            run_probes(part)
            code = 0
        except BaseException:  # noqa: BLE001 (the child must never return into the supervisor)
            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
                os.write(report_w, f"{virtual_memory_kb()}".encode())
            finally:
                os._exit(code)
    os.close(dump)
    os.close(report_w)
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)  # also here: no race with the child's own call
    with open(RUNNING, "w") as f:  # where no part may write: the grader kills this group if the supervisor dies
        f.write(str(pid))
    returncode, timed_out, usage = wait_child(pid, deadline)
    kill_leftovers(pid)  # after this nothing holds the report pipe open
    if UID is not None:  # whatever still runs as the uid, then its folders back to root: no later part changes them
        isolation.kill_uid(UID)
        for folder in (os.path.join("out", part), os.path.join("tmp", part)):
            isolation.take_back(folder)
        for path in own:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(path, 0o600)
    os.remove(RUNNING)
    os.set_blocking(report_r, False)
    try:
        report = os.read(report_r, 100)
    except BlockingIOError:
        report = b""
    os.close(report_r)
    status = {"returncode": returncode, "timed_out": timed_out, "seconds": round(time.monotonic() - start, 3),
              "limit": round(limit, 1), "cut_by_deadline": limit < plan["timeouts"][part],
              "peak_rss_mb": round(usage.ru_maxrss / 1024, 1) if usage else None}
    if report.startswith(READY) and report[len(READY):].isdigit():  # what the part's own code added to it
        status["added_vm_mb"] = round(max(0, int(report[len(READY):]) - start_vm_kb) / 1024, 1)
    status["start_vm_mb"] = round(start_vm_kb / 1024, 1)
    if not report.startswith(READY):
        import sandbox  # autograder/sandbox.py, copied next to this file

        tail = [line.strip() for line in sandbox.read_tail(os.path.join("out", part, "stderr.txt"), 4000).splitlines()
                if line.strip()][-2:]
        status["grader_fault"] = ("the grader could not prepare this part's process" +
                                  (f" ({' | '.join(tail)[:400]})" if tail else f" (exit code {returncode})"))
    stuck = record_stuck(part, limit, plan["student_files"]) if timed_out else None
    if stuck:
        status.update({f"stuck_{key}": value for key, value in stuck.items() if key not in ("part", "seconds")})
    return status


def time_for(part, later, plan):
    """Seconds the part may run: its time limit, cut so that every later part keeps the time it is sure to get
    (plan["reserves"]) before the deadline of all parts; None if not even its own sure time is left."""
    left = plan["deadline"] - time.monotonic()
    if left < plan["reserves"][part]:
        return None
    kept = sum(plan["reserves"][name] for name in later)
    return min(plan["timeouts"][part], max(plan["reserves"][part], left - kept))


def wait_child(pid, deadline):
    """(exit code, negative for a signal; timed out; its resource usage or None): the child is killed at the
    deadline."""
    try:
        ready = os.pidfd_open(pid)
    except (AttributeError, OSError):
        ready = None
    try:
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                return os.waitstatus_to_exitcode(status), False, usage
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                with contextlib.suppress(OSError):
                    os.killpg(pid, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                return os.waitstatus_to_exitcode(status), True, usage
            if ready is not None:
                select.select([ready], [], [], remaining)
            else:
                time.sleep(min(remaining, 0.01))
    finally:
        if ready is not None:
            os.close(ready)


READY = b"READY"


def virtual_memory_kb(field="VmPeak"):
    """VmPeak (or another Vm field) of this process: its address space, which its memory limit bounds; 0 where /proc
    does not say."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    return 0


PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER = 1, 36
LIBC = ctypes.CDLL(None) if sys.platform.startswith("linux") else None
RUNNING = os.path.join("tmp", "running_part_pid.txt")


def kill_leftovers(pid):
    """Kill the part's process group, and every process the part started that left it: as the supervisor is a
    subreaper, they became its children when their parents ended."""
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)
    for _ in range(100):
        children = _children()
        if not children:
            break
        for child in children:
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)
        for child in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child, 0)


def _children():
    me = str(os.getpid())
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            if stat[stat.rindex(")") + 2:].split()[1] == me:
                found.append(int(entry))
    return found


def main(parts):
    sys.path.insert(0, HERE)  # python -I leaves this folder out
    with open("plan.json") as f:
        plan = json.load(f)
    plan["oracle_fds"] = json.loads(os.environ.get("FC_NETS_ORACLE_FDS", "{}"))
    if LIBC:
        LIBC.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    data_fault = ""
    if plan.get("data_file"):
        try:
            load_data(plan["data_file"], plan["images_file"])  # once, shared with the children
        except BaseException as exc:  # noqa: BLE001 (the parts that need no data are graded all the same)
            data_fault = ("the grader ran out of memory while loading its own copy of the data"
                          if isinstance(exc, MemoryError) else "the grader could not load its own copy of the data"
                          ) + f" ({type(exc).__name__}: {str(exc)[:300]})"
    load_stuck()
    isolate(plan)
    for number, part in enumerate(parts):
        limit = time_for(part, parts[number + 1:], plan)
        if limit is None:
            status = {"returncode": 0, "timed_out": False, "seconds": 0, "not_run": "deadline"}
        elif data_fault and part in plan["data_parts"]:
            status = {"returncode": 0, "timed_out": False, "seconds": 0, "grader_fault": data_fault}
        else:
            status = run_child(part, plan, limit)
        os.makedirs(os.path.join("out", part), exist_ok=True)
        path = os.path.join("out", part, "status.json")
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)  # whatever the child left there
        with open(path, "w") as f:
            json.dump(status, f)
        for fd in plan["oracle_fds"].pop(part, ()):  # the grader sees the channel end, even mid-message
            os.close(fd)


if __name__ == "__main__":
    main(sys.argv[1:])
