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


def _params(model):
    return {name: np.asarray(value) for name, value in model.params.items()}


# --------------------------------------------------------------------- affine_layer
@probe("affine_layer")
def affine(inputs):
    from deeplearning.layers import affine_backward, affine_forward

    x, w, b = inputs["x"].copy(), inputs["w"], inputs["b"]
    out, cache = affine_forward(x, w, b)
    dx, dw, db = affine_backward(inputs["dout"], cache)
    return {"out": out, "dx": dx, "dw": dw, "db": db, "x_after": x}


@probe("affine_layer")
def affine_float32(inputs):
    from deeplearning.layers import affine_backward, affine_forward

    x, w, b = (inputs[key].astype(np.float32) for key in ("x", "w", "b"))
    out, cache = affine_forward(x, w, b)
    dx, dw, db = affine_backward(inputs["dout"].astype(np.float32), cache)
    return {"out": out, "dx": dx, "dw": dw, "db": db}


# --------------------------------------------------------------------- relu_layer
@probe("relu_layer")
def relu(inputs):
    from deeplearning.layers import relu_backward, relu_forward

    x = inputs["x"].copy()
    out, cache = relu_forward(x)
    dx = relu_backward(inputs["dout"], cache)
    return {"out": out, "dx": dx, "x_after": x}


@probe("relu_layer")
def relu_float32(inputs):
    from deeplearning.layers import relu_backward, relu_forward

    out, cache = relu_forward(inputs["x"].astype(np.float32))
    return {"out": out, "dx": relu_backward(inputs["dout"].astype(np.float32), cache)}


# --------------------------------------------------------------------- two_layer_net
@probe("two_layer_net")
def two_layer_init(inputs):
    from deeplearning.classifiers.fc_net import TwoLayerNet

    np.random.seed(int(inputs["rng_seed"]))
    model = TwoLayerNet(input_dim=40, hidden_dim=60, num_classes=7, weight_scale=3e-2)
    return _params(model)


@probe("two_layer_net")
def two_layer_notebook(inputs):
    """The notebook's check: fixed parameters, test-time scores, losses, gradients."""
    from deeplearning.classifiers.fc_net import TwoLayerNet

    N, D, H, C = 3, 5, 50, 7
    model = TwoLayerNet(input_dim=D, hidden_dim=H, num_classes=C, weight_scale=1e-3)
    model.params["W1"] = np.linspace(-0.7, 0.3, num=D * H).reshape(D, H)
    model.params["b1"] = np.linspace(-0.1, 0.9, num=H)
    model.params["W2"] = np.linspace(-0.3, 0.4, num=H * C).reshape(H, C)
    model.params["b2"] = np.linspace(-0.9, 0.1, num=C)
    X = np.linspace(-5.5, 4.5, num=N * D).reshape(D, N).T
    y = np.asarray([0, 5, 1])
    out = {"scores": model.loss(X)}
    for reg in (0.0, 1.0, 0.7):
        model.reg = reg
        loss, grads = model.loss(X, y)
        out[f"loss_{reg}"] = np.float64(loss)
        out.update({f"grad_{reg}_{name}": np.asarray(value) for name, value in grads.items()})
    return out


@probe("two_layer_net")
def two_layer_random(inputs):
    from deeplearning.classifiers.fc_net import TwoLayerNet

    model = TwoLayerNet(input_dim=12, hidden_dim=9, num_classes=4, reg=0.3)
    for name in ("W1", "b1", "W2", "b2"):
        model.params[name] = inputs[f"two_{name}"].copy()
    loss, grads = model.loss(inputs["two_X"], inputs["two_y"])
    out = {"loss": np.float64(loss), "scores": model.loss(inputs["two_X"])}
    out.update({f"grad_{name}": np.asarray(value) for name, value in grads.items()})
    return out


# --------------------------------------------------------------------- update_rules
def _run_rule(rule, inputs, dtype=np.float64, steps=None):
    """Apply an update rule for several steps, feeding back the config; return w and the config's arrays."""
    w = inputs["w"].astype(dtype)
    config = {"learning_rate": 1e-2}
    gradients = inputs["dws"].astype(dtype)
    for dw in gradients[:steps]:
        w, config = rule(w, dw, config)
    out = {"w": w}
    out.update({f"config_{key}": value for key, value in config.items() if isinstance(value, np.ndarray)})
    return out


@probe("update_rules")
def update_rules_notebook(inputs):
    from deeplearning.optim import adam, rmsprop, sgd_momentum

    N, D = 4, 5
    w = np.linspace(-0.4, 0.6, num=N * D).reshape(N, D)
    dw = np.linspace(-0.6, 0.4, num=N * D).reshape(N, D)
    out = {}
    config = {"learning_rate": 1e-3, "velocity": np.linspace(0.6, 0.9, num=N * D).reshape(N, D)}
    out["sgd_momentum_w"], config = sgd_momentum(w.copy(), dw, config=config)
    out["sgd_momentum_velocity"] = config["velocity"]
    config = {"learning_rate": 1e-2, "cache": np.linspace(0.6, 0.9, num=N * D).reshape(N, D)}
    out["rmsprop_w"], config = rmsprop(w.copy(), dw, config=config)
    out["rmsprop_cache"] = config["cache"]
    config = {"learning_rate": 1e-2, "m": np.linspace(0.6, 0.9, num=N * D).reshape(N, D),
              "v": np.linspace(0.7, 0.5, num=N * D).reshape(N, D), "t": 5}
    out["adam_w"], config = adam(w.copy(), dw, config=config)
    out["adam_m"], out["adam_v"], out["adam_t"] = config["m"], config["v"], np.int64(config["t"])
    return out


@probe("update_rules")
def update_rules_sgd_momentum(inputs):
    from deeplearning.optim import sgd_momentum

    out = {f"steps_{k}": v for k, v in _run_rule(sgd_momentum, inputs).items()}
    out.update({f"float32_{k}": v for k, v in _run_rule(sgd_momentum, inputs, np.float32, 1).items()})
    return out


@probe("update_rules")
def update_rules_rmsprop(inputs):
    from deeplearning.optim import rmsprop

    out = {f"steps_{k}": v for k, v in _run_rule(rmsprop, inputs).items()}
    out.update({f"float32_{k}": v for k, v in _run_rule(rmsprop, inputs, np.float32, 1).items()})
    return out


@probe("update_rules")
def update_rules_adam(inputs):
    from deeplearning.optim import adam

    out = {f"steps_{k}": v for k, v in _run_rule(adam, inputs).items()}
    out.update({f"float32_{k}": v for k, v in _run_rule(adam, inputs, np.float32, 1).items()})
    return out


# --------------------------------------------------------------------- batchnorm_forward
@probe("batchnorm_forward")
def batchnorm_train(inputs):
    from deeplearning.layers import batchnorm_forward

    x = inputs["x"].copy()
    bn_param = {"mode": "train", "momentum": 0.8}
    out, _ = batchnorm_forward(x, inputs["gamma"], inputs["beta"], bn_param)
    return {"out": out, "running_mean": bn_param.get("running_mean"), "running_var": bn_param.get("running_var"),
            "x_after": x}


@probe("batchnorm_forward")
def batchnorm_running_averages(inputs):
    from deeplearning.layers import batchnorm_forward

    bn_param = {"mode": "train"}
    for batch in inputs["batches"]:
        batchnorm_forward(batch, inputs["gamma"], inputs["beta"], bn_param)
    out = {"running_mean": bn_param.get("running_mean"), "running_var": bn_param.get("running_var")}
    bn_param["mode"] = "test"
    out["test_out"] = batchnorm_forward(inputs["x"], inputs["gamma"], inputs["beta"], bn_param)[0]
    out["running_mean_after_test"] = bn_param.get("running_mean")
    return out


@probe("batchnorm_forward")
def batchnorm_float32(inputs):
    from deeplearning.layers import batchnorm_forward

    x, gamma, beta = (inputs[key].astype(np.float32) for key in ("x", "gamma", "beta"))
    bn_param = {"mode": "train"}
    out = {"train": batchnorm_forward(x, gamma, beta, bn_param)[0]}
    bn_param["mode"] = "test"
    out["test"] = batchnorm_forward(x, gamma, beta, bn_param)[0]
    return out


# --------------------------------------------------------------------- batchnorm_backward
def _batchnorm_gradients(backward, inputs):
    from deeplearning.layers import batchnorm_forward

    _, cache = batchnorm_forward(inputs["x"], inputs["gamma"], inputs["beta"], {"mode": "train"})
    dx, dgamma, dbeta = backward(inputs["dout"], cache)
    return {"dx": dx, "dgamma": dgamma, "dbeta": dbeta}


@probe("batchnorm_backward")
def batchnorm_graph_backward(inputs):
    from deeplearning.layers import batchnorm_backward

    return _batchnorm_gradients(batchnorm_backward, inputs)


@probe("batchnorm_backward")
def batchnorm_alt_backward(inputs):
    from deeplearning.layers import batchnorm_backward_alt

    return _batchnorm_gradients(batchnorm_backward_alt, inputs)


# --------------------------------------------------------------------- layernorm
@probe("layernorm")
def layernorm(inputs):
    from deeplearning.layers import layernorm_backward, layernorm_forward

    x = inputs["x"].copy()
    out, cache = layernorm_forward(x, inputs["gamma"], inputs["beta"], {})
    dx, dgamma, dbeta = layernorm_backward(inputs["dout"], cache)
    return {"out": out, "dx": dx, "dgamma": dgamma, "dbeta": dbeta, "x_after": x}


@probe("layernorm")
def layernorm_test_mode(inputs):
    """Layer normalization has no running statistics: the same output whatever the batch."""
    from deeplearning.layers import layernorm_forward

    out_all, _ = layernorm_forward(inputs["x"], inputs["gamma"], inputs["beta"], {"mode": "test"})
    out_one, _ = layernorm_forward(inputs["x"][:1], inputs["gamma"], inputs["beta"], {"mode": "train"})
    return {"out_all": out_all, "out_one": out_one}


# --------------------------------------------------------------------- fc_net_normalization
@probe("fc_net_normalization")
def normalized_net_notebook(inputs):
    """The notebook's check: running averages set to one minibatch's statistics, then test-time scores."""
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    N, D, H1, H2, C = 2, 15, 20, 30, 10
    model = FullyConnectedNet([H1, H2], input_dim=D, num_classes=C, weight_scale=5e-2, dtype=np.float64,
                              normalization="batchnorm")
    model.params["W1"] = np.linspace(-0.7, 0.3, num=D * H1).reshape(D, H1)
    model.params["b1"] = np.linspace(-0.1, 0.9, num=H1)
    model.params["W2"] = np.linspace(-0.3, 0.4, num=H1 * H2).reshape(H1, H2)
    model.params["b2"] = np.linspace(-0.9, 0.1, num=H2)
    model.params["W3"] = np.linspace(-0.3, 0.4, num=H2 * C).reshape(H2, C)
    model.params["b3"] = np.linspace(-0.9, 0.1, num=C)
    X = np.linspace(-5.5, 4.5, num=N * D).reshape(D, N).T
    for bn_param in model.bn_params:
        bn_param["momentum"] = 0.0
    model.loss(X, np.array([0, 1]))
    return {"scores": model.loss(X)}


@probe("fc_net_normalization")
def normalized_nets(inputs):
    """Losses and gradients of batchnorm and layernorm nets, with and without regularization."""
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    out = {}
    X, y = inputs["net_X"], inputs["net_y"]
    for normalization in ("batchnorm", "layernorm"):
        for reg in (0.0, 3.14):
            np.random.seed(int(inputs["rng_seed"]))
            model = FullyConnectedNet([20, 30], input_dim=15, num_classes=10, reg=reg, weight_scale=5e-2,
                                      dtype=np.float64, normalization=normalization)
            tag = f"{normalization}_{reg}"
            out.update({f"{tag}_param_{name}": value for name, value in _params(model).items()})
            loss, grads = model.loss(X, y)
            out[f"{tag}_loss"] = np.float64(loss)
            out.update({f"{tag}_grad_{name}": np.asarray(value) for name, value in grads.items()})
    return out


@probe("fc_net_normalization")
def batchnorm_net_test_mode(inputs):
    """Two training steps' worth of forward passes, then test-time scores (running averages)."""
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    np.random.seed(int(inputs["rng_seed"]))
    model = FullyConnectedNet([20, 30], input_dim=15, num_classes=10, weight_scale=5e-1, dtype=np.float64,
                              normalization="batchnorm")
    out = {f"param_{name}": value for name, value in _params(model).items()}
    for batch in inputs["net_batches"]:
        model.loss(batch, inputs["net_y_batch"])
    out["scores"] = model.loss(inputs["net_X"])
    return out


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
