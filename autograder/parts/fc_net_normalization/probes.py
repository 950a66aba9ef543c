"""Probes of the net with normalization (run in the sandbox), with the grader's correct layers and parameters."""
import numpy as np

from sandbox.stand_ins import correct_layers, model_params, set_params

NET = {"input_dim": 15, "num_classes": 10, "weight_scale": 5e-2, "dtype": np.float64}


def _net(inputs, normalization, **kwargs):
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    model = FullyConnectedNet([20, 30], normalization=normalization, **NET, **kwargs)
    set_params(model, {key[len("param_"):]: value for key, value in inputs.items() if key.startswith("param_")})
    return model


def parameters(inputs):
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    return {f"{normalization}_{name}": value for normalization in ("batchnorm", "layernorm")
            for name, value in model_params(FullyConnectedNet([20, 30], normalization=normalization, **NET)).items()}


def batchnorm_step(inputs):
    """One training step of the batchnorm net, reg 3.14: its normalization calls, and its gradients."""
    with correct_layers():
        _, grads = _net(inputs, "batchnorm", reg=3.14).loss(inputs["X"], inputs["y"])
    return {f"grad_{name}": value for name, value in grads.items()}


def layernorm_step(inputs):
    with correct_layers():
        _, grads = _net(inputs, "layernorm", reg=3.14).loss(inputs["X"], inputs["y"])
    return {f"grad_{name}": value for name, value in grads.items()}


def batchnorm_train_then_test(inputs):
    """Three training steps, then test-time scores: the running averages and the modes."""
    with correct_layers():
        model = _net(inputs, "batchnorm")
        for batch in inputs["batches"]:
            model.loss(batch, inputs["y"])
        return {"scores": model.loss(inputs["X"])}
