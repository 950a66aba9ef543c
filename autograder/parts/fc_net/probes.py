"""Fully-connected net with dropout probes (run in the sandbox)."""
import numpy as np

from probe_runner import model_params


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
        for name, value in model_params(model).items():
            out[f"init_{keep}_{name}"] = value
        loss, grads = model.loss(X, y)
        out[f"loss_{keep}"] = np.float64(loss)
        for name in sorted(grads):
            out[f"grad_{keep}_{name}"] = np.asarray(grads[name])
            out[f"num_{keep}_{name}"] = eval_numerical_gradient(lambda _: model.loss(X, y)[0], model.params[name],
                                                                verbose=False, h=1e-5)
    return out


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
        for name, value in model_params(model).items():
            out[f"param_{reg}_{name}"] = value
            out[f"grad_{reg}_{name}"] = np.asarray(grads[name])
    return out


def dropout_placement(inputs):
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    np.random.seed(int(inputs["rng_seed"]))
    model = FullyConnectedNet([20, 30], input_dim=15, num_classes=10, weight_scale=5e-1, dtype=np.float64,
                              dropout_keep_ratio=0.5, seed=42)
    loss, _ = model.loss(inputs["X"], inputs["y"])
    out = {f"param_{name}": value for name, value in model_params(model).items()}
    out["loss"] = np.float64(loss)
    return out


def test_time_scores(inputs):
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    model = FullyConnectedNet([20, 30], input_dim=15, num_classes=10, weight_scale=5e-1, dtype=np.float64,
                              dropout_keep_ratio=0.3)
    out = {f"param_{name}": value for name, value in model_params(model).items()}
    out["scores_a"] = model.loss(inputs["X"])
    out["scores_b"] = model.loss(inputs["X"])
    return out


def float32(inputs):
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    model = FullyConnectedNet([20], input_dim=15, num_classes=10, dropout_keep_ratio=0.5)
    _, grads = model.loss(inputs["X"], inputs["y"])
    out = {"scores": model.loss(inputs["X"])}
    out.update({f"grad_{name}": np.asarray(value) for name, value in grads.items()})
    return out
