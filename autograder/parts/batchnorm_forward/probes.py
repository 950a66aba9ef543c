"""Batch normalization forward pass probes (run in the sandbox)."""
import numpy as np


# Every parameter the docstring documents is passed, so that a default the student changed changes no verdict here;
# the defaults are compared with these results on their own (batchnorm_defaults).
EPS, MOMENTUM = 1e-5, 0.9


def batchnorm_train(inputs):
    """One training step from fresh running averages, momentum 0.8."""
    from deeplearning.layers import batchnorm_forward

    x = inputs["x"].copy()
    bn_param = {"mode": "train", "momentum": 0.8, "eps": EPS}
    out, _ = batchnorm_forward(x, inputs["gamma"], inputs["beta"], bn_param)
    return {"out": out, "running_mean": np.copy(bn_param.get("running_mean")),
            "running_var": np.copy(bn_param.get("running_var")), "x_after": x}


def batchnorm_running_averages(inputs):
    """Ten training steps with momentum 0.9."""
    from deeplearning.layers import batchnorm_forward

    bn_param = {"mode": "train", "eps": EPS, "momentum": MOMENTUM}
    for batch in inputs["batches"]:
        batchnorm_forward(batch, inputs["gamma"], inputs["beta"], bn_param)
    return {"running_mean": np.copy(bn_param.get("running_mean")), "running_var": np.copy(bn_param.get("running_var"))}


def batchnorm_defaults(inputs):
    """One training step with the docstring's eps and momentum given, and one with neither (the nets give none)."""
    from deeplearning.layers import batchnorm_forward

    found = {}
    for key, bn_param in (("given", {"mode": "train", "momentum": MOMENTUM, "eps": EPS}), ("default", {"mode": "train"})):
        found[f"out_{key}"] = batchnorm_forward(inputs["x"].copy(), inputs["gamma"], inputs["beta"], bn_param)[0]
        found[f"running_mean_{key}"] = np.copy(bn_param.get("running_mean"))
    return found


def batchnorm_test(inputs):
    """Test mode with the grader's running averages (so that wrong running averages cost nothing here)."""
    from deeplearning.layers import batchnorm_forward

    bn_param = {"mode": "test", "eps": EPS, "running_mean": inputs["running_mean"].copy(),
                "running_var": inputs["running_var"].copy()}
    out = batchnorm_forward(inputs["x"], inputs["gamma"], inputs["beta"], bn_param)[0]
    return {"out": out, "running_mean_after": np.copy(bn_param.get("running_mean")),
            "running_var_after": np.copy(bn_param.get("running_var"))}


def batchnorm_float32(inputs):
    from deeplearning.layers import batchnorm_forward

    x, gamma, beta = (inputs[key].astype(np.float32) for key in ("x", "gamma", "beta"))
    bn_param = {"mode": "train", "eps": EPS, "momentum": MOMENTUM}
    out = {"train": batchnorm_forward(x, gamma, beta, bn_param)[0]}
    bn_param["mode"] = "test"
    out["test"] = batchnorm_forward(x, gamma, beta, bn_param)[0]
    return out
