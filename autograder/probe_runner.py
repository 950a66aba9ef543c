"""Runs inside the sandbox: calls the student's code on the grader's inputs, saves raw outputs.

    python -I probe_runner.py PART

The working directory holds `fc_nets/` (the student's graded files next to the
released ones), `probes.py` (the part's probes: every public function of it, in
order, takes the inputs and returns a dict of arrays), `inputs/PART.npz` (written by
the grader), and receives `out/PART/<probe>.npz` for every probe that returns, and
`out/PART/errors.json` with a message for every probe that raised.
`out/PART/current.txt` names the probe that is running, so the grader can tell
where a crash or a timeout hit.

Nothing here holds an expected value or a correct layer: probes only feed inputs
and record outputs. Where a part grades a net with correct layers in place of the
student's (correct_layers), those layers run in the grader (autograder.oracle) and
answer through a pipe, so student code never holds them. Everything is judged
later, in a process where no student code runs.
"""
import contextlib
import errno
import inspect
import io
import json
import os
import select
import sys
import time
import traceback

import numpy as np

ASSIGNMENT = os.path.abspath("fc_nets")


def describe_exception(exc):
    """'Type: message (file, line N)' naming the deepest frame in the student's files."""
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
    grader's copy of the data (the file inputs["data_file"]). Returns {<log>:loss, <log>:train_acc, <log>:val_acc}, or
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


_DATA = {}


def _replay(name, inputs):
    import deeplearning.classifiers.fc_net as fc_net
    from deeplearning.solver import Solver, set_random_state

    if not _DATA:
        with np.load(str(inputs["data_file"]), allow_pickle=False) as npz:
            mean = npz["mean_image"]
            _DATA.update(X_train=npz["images_train"].astype(np.float32) - mean, y_train=npz["y_train"],
                         X_val=npz["images_val"].astype(np.float32) - mean, y_val=npz["y_val"])
    with np.load(os.path.join("logs", os.path.basename(name)), allow_pickle=False) as npz:
        config = json.loads(str(npz["config"]))
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
    data = {"X_train": _DATA["X_train"][:n], "y_train": _DATA["y_train"][:n], "X_val": _DATA["X_val"],
            "y_val": _DATA["y_val"]}
    solver = Solver(net, data, update_rule=config["update_rule"], optim_config=dict(config["optim_config"]),
                    lr_decay=config["lr_decay"], batch_size=config["batch_size"], num_epochs=config["num_epochs"],
                    num_train_samples=config["num_train_samples"], num_val_samples=config["num_val_samples"],
                    seed=config["seed"], verbose=False)
    return solver.replay(int(inputs["iterations"]), state=config.get("random_state"))


def set_params(model, params):
    """Give the model the grader's parameters, in the shapes the model made them (a bias of shape (1, H)
    broadcasts like one of shape (H,)), so that its results do not depend on its random initialization."""
    for name, value in params.items():
        current = model.params.get(name)
        shape = np.shape(current) if current is not None and np.size(current) == value.size else value.shape
        model.params[name] = value.reshape(shape).astype(getattr(current, "dtype", value.dtype))

# --------------------------------------------------------------------- messages between the sandbox and the grader
MAX_MESSAGE_BYTES = 200_000_000


def write_message(fd, arrays):
    """Send a dict of arrays (an .npz, never a pickle) with its length in front."""
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    data = buffer.getvalue()
    data = len(data).to_bytes(8, "little") + data
    while data:
        data = data[os.write(fd, data):]


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


ORACLE = None  # connected in main() when the grader serves correct layers for this part


def _stubs(oracle):
    """Stand-ins for the layer functions of the student's package: same signatures and cache layouts."""

    def dropout_params(param):
        return {"mode": str(param["mode"]), "p": float(param["p"]), "param_id": id(param),
                "seed": int(param["seed"]) if param.get("seed") is not None else None}

    def affine_forward(x, w, b):
        return oracle.call("affine_forward", x=x, w=w, b=b)["out"], (x, w, b)

    def affine_backward(dout, cache):
        x, w, b = cache
        result = oracle.call("affine_backward", dout=dout, x=x, w=w, b=b)
        return result["dx"], result["dw"], result["db"]

    def relu_forward(x):
        return oracle.call("relu_forward", x=x)["out"], x

    def relu_backward(dout, cache):
        return oracle.call("relu_backward", dout=dout, x=cache)["dx"]

    def dropout_forward(x, dropout_param):
        result = oracle.call("dropout_forward", dropout_params(dropout_param), x=x)
        return result["out"], (dropout_param, result.get("mask"))

    def dropout_backward(dout, cache):
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
        return result["out"], ("cache of the grader's layer", int(result["token"])) if "token" in result else None

    def batchnorm_forward(x, gamma, beta, bn_param):
        return normalize("batchnorm_forward", x, gamma, beta, bn_param)

    def layernorm_forward(x, gamma, beta, ln_param):
        return normalize("layernorm_forward", x, gamma, beta, ln_param)

    def backward(call):
        def normalization_backward(dout, cache):
            result = oracle.call(call, {"token": cache[1]}, dout=dout)
            return result["dx"], result["dgamma"], result["dbeta"]
        return normalization_backward

    return {"affine_forward": affine_forward, "affine_backward": affine_backward, "relu_forward": relu_forward,
            "relu_backward": relu_backward, "dropout_forward": dropout_forward, "dropout_backward": dropout_backward,
            "batchnorm_forward": batchnorm_forward, "batchnorm_backward": backward("batchnorm_backward"),
            "batchnorm_backward_alt": backward("batchnorm_backward_alt"), "layernorm_forward": layernorm_forward,
            "layernorm_backward": backward("layernorm_backward")}


@contextlib.contextmanager
def correct_layers(keep=()):
    """Within the block, the student's layer functions (but those named in keep) are the grader's correct
    ones, wherever the student's package refers to them (also under another name)."""
    import deeplearning.layers as layers

    pairs = [(getattr(layers, name), stub) for name, stub in _stubs(ORACLE).items()
             if name not in keep and hasattr(layers, name)]

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


def probes():
    """The public functions of probes.py, in the order they are defined."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # python -I leaves this folder out
    sys.modules.setdefault("probe_runner", sys.modules[__name__])  # probes import this module, not a copy
    import probes as module

    return [function for name, function in vars(module).items()
            if inspect.isfunction(function) and function.__module__ == module.__name__ and not name.startswith("_")]


def main(part):
    out_dir = os.path.join("out", part)
    os.makedirs(out_dir, exist_ok=True)
    with np.load(os.path.join("inputs", part + ".npz"), allow_pickle=False) as npz:
        inputs = {key: npz[key] for key in npz.files}
    functions = probes()  # before the student's package is on the path
    sys.path.insert(0, ASSIGNMENT)
    global ORACLE
    if os.environ.get("FC_NETS_ORACLE_FDS"):
        ORACLE = Oracle(*(int(fd) for fd in os.environ["FC_NETS_ORACLE_FDS"].split(",")))
    errors = {}
    for function in functions:
        name = function.__name__
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
    os.remove(os.path.join(out_dir, "current.txt"))


if __name__ == "__main__":
    main(sys.argv[1])
