"""Fully-connected net with dropout probes (run in the sandbox).

The nets run with the grader's correct layers (correct_layers) and the grader's
parameters (set_params), so their results depend on the student's net code only.
"""
import numpy as np

from sandbox.stand_ins import correct_layers, model_params, set_params

NET = {"input_dim": 15, "num_classes": 10, "weight_scale": 5e-2, "dtype": np.float64}


def _fixed_params(inputs):
    return {key[len("param_"):]: value for key, value in inputs.items() if key.startswith("param_")}


def initialization(inputs):
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    small = FullyConnectedNet([20, 30], **NET)
    large = FullyConnectedNet([100, 80], input_dim=150, num_classes=10, weight_scale=2e-2, dtype=np.float64)
    return {**{f"small_{k}": v for k, v in model_params(small).items()},
            **{f"large_{k}": v for k, v in model_params(large).items()}}


def without_dropout(inputs):
    """Loss, gradients and test-time scores at fixed parameters, with reg 0 and 3.14."""
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    out = {}
    with correct_layers():
        for reg in (0.0, 3.14):
            model = FullyConnectedNet([20, 30], reg=reg, **NET)
            set_params(model, _fixed_params(inputs))
            loss, grads = model.loss(inputs["X"], inputs["y"])
            out[f"loss_{reg}"] = np.float64(loss)
            out.update({f"grad_{reg}_{name}": value for name, value in grads.items()})
            out[f"scores_{reg}"] = model.loss(inputs["X"])
    return out


def with_dropout(inputs):
    """One training step's loss and gradients with keep ratio 0.5 (the grader's layers draw the masks)."""
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    with correct_layers():
        model = FullyConnectedNet([20, 30], dropout_keep_ratio=0.5, **NET)
        set_params(model, _fixed_params(inputs))
        loss, grads = model.loss(inputs["X"], inputs["y"])
    return {"loss": np.float64(loss), **{f"grad_{name}": value for name, value in grads.items()}}


def with_seed(inputs):
    """Two training steps of a net built with a seed: its dropout layers get that seed every time."""
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    with correct_layers():
        model = FullyConnectedNet([20, 30], dropout_keep_ratio=0.5, seed=123, **NET)
        set_params(model, _fixed_params(inputs))
        first, _ = model.loss(inputs["X"], inputs["y"])
        second, _ = model.loss(inputs["X"], inputs["y"])
    return {"first": np.float64(first), "second": np.float64(second)}


def at_test_time(inputs):
    """Test-time scores of a fresh net with keep ratio 0.3, twice."""
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    with correct_layers():
        model = FullyConnectedNet([20, 30], dropout_keep_ratio=0.3, **NET)
        set_params(model, _fixed_params(inputs))
        return {"scores_a": model.loss(inputs["X"]), "scores_b": model.loss(inputs["X"])}


def float32(inputs):
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    with correct_layers():
        model = FullyConnectedNet([20], input_dim=15, num_classes=10, dropout_keep_ratio=0.5)
        _, grads = model.loss(inputs["X"], inputs["y"])
        return {"scores": model.loss(inputs["X"]), **{f"grad_{name}": value for name, value in grads.items()}}


def notebook_losses(inputs):
    """The notebook's check with the student's own layers: its printed initial losses (a note only)."""
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    np.random.seed(231)
    X = np.random.randn(2, 15)
    y = np.random.randint(10, size=(2,))
    out = {}
    for keep in (1, 0.75, 0.5):
        model = FullyConnectedNet([20, 30], dropout_keep_ratio=keep, seed=123, **NET)
        out[f"loss_{keep}"] = np.float64(model.loss(X, y)[0])
    return out
