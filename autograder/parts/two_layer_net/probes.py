"""TwoLayerNet probes (run in the sandbox), with the grader's correct layers and parameters."""
import numpy as np

from sandbox.stand_ins import correct_layers, model_params, set_params


def _net(inputs, prefix, **kwargs):
    from deeplearning.classifiers.fc_net import TwoLayerNet

    params = {key[len(prefix):]: value for key, value in inputs.items() if key.startswith(prefix)
              and key[len(prefix):] in ("W1", "b1", "W2", "b2")}
    D, H = params["W1"].shape
    model = TwoLayerNet(input_dim=D, hidden_dim=H, num_classes=params["W2"].shape[1], **kwargs)
    set_params(model, params)
    return model


def initialization(inputs):
    from deeplearning.classifiers.fc_net import TwoLayerNet

    small = TwoLayerNet(input_dim=40, hidden_dim=60, num_classes=7, weight_scale=3e-2)
    large = TwoLayerNet(input_dim=200, hidden_dim=150, num_classes=10, weight_scale=2e-2)
    return {**{f"small_{k}": v for k, v in model_params(small).items()},
            **{f"large_{k}": v for k, v in model_params(large).items()}}


def notebook(inputs):
    """The notebook's check: its parameters, test-time scores and losses with reg 0 and 1."""
    with correct_layers():
        model = _net(inputs, "notebook_")
        X, y = inputs["notebook_X"], inputs["notebook_y"]
        out = {"scores": model.loss(X)}
        for reg in (0.0, 1.0):
            model.reg = reg
            out[f"loss_{reg}"] = np.float64(model.loss(X, y)[0])
    return out


def random_parameters(inputs):
    """Loss, gradients and scores at the grader's random parameters, with reg 0.3."""
    with correct_layers():
        model = _net(inputs, "param_", reg=0.3)
        loss, grads = model.loss(inputs["X"], inputs["y"])
        return {"loss": np.float64(loss), "scores": model.loss(inputs["X"]),
                **{f"grad_{name}": value for name, value in grads.items()}}
