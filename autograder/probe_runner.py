"""Runs inside the sandbox: calls the student's code on the grader's inputs, saves raw outputs.

    python -I probe_runner.py PART

The working directory holds `fc_nets/` (the student's graded files next to the
released ones), `inputs/PART.npz` (written by the grader) and receives
`out/PART/<probe>.npz` for every probe that returns, and `out/PART/errors.json`
with a message for every probe that raised. `out/PART/current.txt` names the
probe that is running, so the grader can tell where a crash or a timeout hit.

This file holds no expected values: it only feeds inputs and records outputs.
Everything is judged later, in a process where no student code runs.
"""
import errno
import json
import os
import sys
import traceback

import numpy as np

ASSIGNMENT = os.path.abspath("fc_nets")
STUDENT_FILES = ("layers.py", "fc_net.py")
PROBES = {}


def probe(part):
    def register(function):
        PROBES.setdefault(part, []).append(function)
        return function

    return register


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


# --------------------------------------------------------------------- dropout_forward
@probe("dropout_forward")
def keep_ratios(inputs):
    from deeplearning.layers import dropout_forward

    out = {}
    for p in inputs["keep_ratios"]:
        out[f"train_{p}"] = dropout_forward(inputs["x"], {"mode": "train", "p": float(p)})[0]
    return out


@probe("dropout_forward")
def test_mode(inputs):
    from deeplearning.layers import dropout_forward

    return {f"test_{p}": dropout_forward(inputs["x"], {"mode": "test", "p": float(p)})[0] for p in inputs["keep_ratios"]}


@probe("dropout_forward")
def float32_and_shape(inputs):
    from deeplearning.layers import dropout_forward

    out = {}
    for mode in ("train", "test"):
        out[f"float32_{mode}"] = dropout_forward(inputs["x32"], {"mode": mode, "p": 0.4})[0]
        out[f"cube_{mode}"] = dropout_forward(inputs["cube"], {"mode": mode, "p": 0.6})[0]
    return out


@probe("dropout_forward")
def seeded(inputs):
    from deeplearning.layers import dropout_forward

    x = inputs["x_small"]
    return {
        "seed_a": dropout_forward(x, {"mode": "train", "p": 0.5, "seed": 1234})[0],
        "seed_b": dropout_forward(x, {"mode": "train", "p": 0.5, "seed": 1234})[0],
        "seed_c": dropout_forward(x, {"mode": "train", "p": 0.5, "seed": 4321})[0],
    }


@probe("dropout_forward")
def notebook_check(inputs):
    """The notebook's forward check, whose printed numbers the students can compare."""
    from deeplearning.layers import dropout_forward

    np.random.seed(231)
    x = np.random.randn(500, 500) + 10
    return {f"notebook_{p}": dropout_forward(x, {"mode": "train", "p": p})[0] for p in (0.25, 0.4, 0.7)}


# --------------------------------------------------------------------- dropout_backward
@probe("dropout_backward")
def gradient_check(inputs):
    from deeplearning.gradient_check import eval_numerical_gradient_array
    from deeplearning.layers import dropout_backward, dropout_forward

    x, dout = inputs["x"].copy(), inputs["dout"]
    param = {"mode": "train", "p": 0.2, "seed": 123}
    out, cache = dropout_forward(x, param)
    dx = dropout_backward(dout, cache)
    dx_num = eval_numerical_gradient_array(lambda xx: dropout_forward(xx, param)[0], x, dout)
    return {"out": out, "dx": dx, "dx_num": dx_num}


@probe("dropout_backward")
def mask_reuse(inputs):
    from deeplearning.layers import dropout_backward, dropout_forward

    x, dout = inputs["x_big"], inputs["dout_big"]
    out, cache = dropout_forward(x, {"mode": "train", "p": 0.6})
    np.random.seed(int(inputs["rng_seed"]) + 1)  # a new mask drawn here would differ from the forward one
    np.random.rand(1000)
    dx = dropout_backward(dout, cache)
    return {"out": out, "dx": dx}


@probe("dropout_backward")
def test_mode_and_float32(inputs):
    from deeplearning.layers import dropout_backward, dropout_forward

    dout = inputs["dout_big"]
    _, cache = dropout_forward(inputs["x_big"], {"mode": "test", "p": 0.6})
    x32, dout32 = inputs["x_big"].astype(np.float32), dout.astype(np.float32)
    _, cache32 = dropout_forward(x32, {"mode": "train", "p": 0.6})
    return {"dx_test": dropout_backward(dout, cache), "dx_float32": dropout_backward(dout32, cache32)}


# --------------------------------------------------------------------- fc_net
def _params(model):
    return {name: np.asarray(value) for name, value in model.params.items()}


@probe("fc_net")
def notebook_gradient_check(inputs):
    """The notebook's cell: three nets built one after the other from np.random.seed(231)."""
    from deeplearning.classifiers.fc_net import FullyConnectedNet
    from deeplearning.gradient_check import eval_numerical_gradient

    np.random.seed(231)
    X = np.random.randn(2, 15)
    y = np.random.randint(10, size=(2,))
    out = {"X": X, "y": y}
    for keep in (1, 0.75, 0.5):
        model = FullyConnectedNet([20, 30], input_dim=15, num_classes=10, weight_scale=5e-2, dtype=np.float64,
                                  dropout_keep_ratio=keep, seed=123)
        for name, value in _params(model).items():
            out[f"init_{keep}_{name}"] = value
        loss, grads = model.loss(X, y)
        out[f"loss_{keep}"] = np.float64(loss)
        for name in sorted(grads):
            out[f"grad_{keep}_{name}"] = np.asarray(grads[name])
            out[f"num_{keep}_{name}"] = eval_numerical_gradient(lambda _: model.loss(X, y)[0], model.params[name],
                                                                verbose=False, h=1e-5)
    return out


@probe("fc_net")
def regularization(inputs):
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    np.random.seed(231)
    X = np.random.randn(2, 15)
    y = np.random.randint(10, size=(2,))
    out = {}
    for reg in (0.0, 3.14):
        model = FullyConnectedNet([20, 30], input_dim=15, num_classes=10, reg=reg, weight_scale=5e-2, dtype=np.float64)
        loss, grads = model.loss(X, y)
        out[f"loss_{reg}"] = np.float64(loss)
        for name, value in _params(model).items():
            out[f"param_{reg}_{name}"] = value
            out[f"grad_{reg}_{name}"] = np.asarray(grads[name])
    return out


@probe("fc_net")
def dropout_placement(inputs):
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    np.random.seed(int(inputs["rng_seed"]))
    model = FullyConnectedNet([20, 30], input_dim=15, num_classes=10, weight_scale=5e-1, dtype=np.float64,
                              dropout_keep_ratio=0.5, seed=42)
    loss, _ = model.loss(inputs["X"], inputs["y"])
    out = {f"param_{name}": value for name, value in _params(model).items()}
    out["loss"] = np.float64(loss)
    return out


@probe("fc_net")
def test_mode(inputs):
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    model = FullyConnectedNet([20, 30], input_dim=15, num_classes=10, weight_scale=5e-1, dtype=np.float64,
                              dropout_keep_ratio=0.3)
    out = {f"param_{name}": value for name, value in _params(model).items()}
    out["scores_a"] = model.loss(inputs["X"])
    out["scores_b"] = model.loss(inputs["X"])
    return out


@probe("fc_net")
def float32(inputs):
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    model = FullyConnectedNet([20], input_dim=15, num_classes=10, dropout_keep_ratio=0.5)
    _, grads = model.loss(inputs["X"], inputs["y"])
    out = {"scores": model.loss(inputs["X"])}
    out.update({f"grad_{name}": np.asarray(value) for name, value in grads.items()})
    return out


# --------------------------------------------------------------------- regularization_logs
@probe("regularization_logs")
def replay_first_epoch(inputs):
    """Re-run the first epoch of both nets of the experiment, as the notebook does."""
    from deeplearning.classifiers.fc_net import FullyConnectedNet
    from deeplearning.solver import Solver

    data = {key: inputs[key] for key in ("X_train", "y_train", "X_val", "y_val")}
    seed = int(inputs["seed"])
    out = {}
    for keep in inputs["keep_ratios"]:
        np.random.seed(seed)
        model = FullyConnectedNet([int(h) for h in inputs["hidden_dims"]], dropout_keep_ratio=float(keep))
        solver = Solver(model, data, num_epochs=1, batch_size=int(inputs["batch_size"]), update_rule="adam",
                        optim_config={"learning_rate": float(inputs["learning_rate"])}, verbose=False, seed=seed)
        solver.train()
        tag = f"{float(keep):g}"
        out[f"loss_{tag}"] = np.asarray(solver.loss_history, dtype=np.float64)
        out[f"train_acc_{tag}"] = np.asarray(solver.train_acc_history, dtype=np.float64)
        out[f"val_acc_{tag}"] = np.asarray(solver.val_acc_history, dtype=np.float64)
    return out


def as_array(value):
    """value as a numeric array; anything else becomes a note the grader turns into a message."""
    try:
        array = None if isinstance(value, (dict, str, bytes)) else np.asarray(value)
    except Exception:  # e.g. a ragged list
        array = None
    if array is None or array.dtype.kind not in "fiub":
        return np.array(f"a {type(value).__name__}, not a numeric array")
    return array


def main(part):
    out_dir = os.path.join("out", part)
    os.makedirs(out_dir, exist_ok=True)
    with np.load(os.path.join("inputs", part + ".npz"), allow_pickle=False) as npz:
        inputs = {key: npz[key] for key in npz.files}
    sys.path.insert(0, ASSIGNMENT)
    errors = {}
    for function in PROBES[part]:
        name = function.__name__
        with open(os.path.join(out_dir, "current.txt"), "w") as f:
            f.write(name)
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
