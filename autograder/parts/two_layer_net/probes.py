"""Two-layer network probes (run in the sandbox)."""
import numpy as np

from probe_runner import model_params


def two_layer_init(inputs):
    from deeplearning.classifiers.fc_net import TwoLayerNet

    np.random.seed(int(inputs["rng_seed"]))
    model = TwoLayerNet(input_dim=40, hidden_dim=60, num_classes=7, weight_scale=3e-2)
    return model_params(model)


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


def two_layer_random(inputs):
    from deeplearning.classifiers.fc_net import TwoLayerNet

    model = TwoLayerNet(input_dim=12, hidden_dim=9, num_classes=4, reg=0.3)
    for name in ("W1", "b1", "W2", "b2"):
        model.params[name] = inputs[f"two_{name}"].copy()
    loss, grads = model.loss(inputs["two_X"], inputs["two_y"])
    out = {"loss": np.float64(loss), "scores": model.loss(inputs["two_X"])}
    out.update({f"grad_{name}": np.asarray(value) for name, value in grads.items()})
    return out
