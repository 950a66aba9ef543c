"""Update rules probes (run in the sandbox)."""
import numpy as np


def _array_state():
    """The arrays each rule keeps in its config: the public checks' STATE (the released deeplearning/self_check/
    update_rules.py), but for Adam's step count t."""
    from deeplearning.self_check.update_rules import STATE

    return {rule: tuple(key for key in keys if key != "t") for rule, keys in STATE.items()}


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


def _notebook_config(inputs, rule):
    """The config the notebook's one-step check gives the rule (from the inputs)."""
    config = {"learning_rate": float(inputs[f"notebook_{rule}_learning_rate"])}
    config.update({key: inputs[f"notebook_{rule}_{key}"].copy() for key in _array_state()[rule]})
    if rule == "adam":
        config["t"] = int(inputs["notebook_adam_t"])
    return config


def update_rules_notebook(inputs):
    """The notebook's check: one step of each rule from the notebook's weights, gradient and state."""
    import deeplearning.optim as optim

    out = {}
    for rule, state in _array_state().items():
        out[f"{rule}_w"], config = getattr(optim, rule)(inputs["notebook_w"].copy(), inputs["notebook_dw"],
                                                       config=_notebook_config(inputs, rule))
        out.update({f"{rule}_{key}": config[key] for key in state})
    out["adam_t"] = np.int64(config["t"])
    return out


def _trajectories(rule, inputs):
    """Five steps of a weight matrix and of a 1-D bias from a fresh config, and one step in float32."""
    out = {f"steps_{k}": v for k, v in _run_rule(rule, inputs).items()}
    out.update({f"bias_{k}": v for k, v in _run_rule(rule, {"w": inputs["b"], "dws": inputs["dbs"]}).items()})
    out.update({f"float32_{k}": v for k, v in _run_rule(rule, inputs, np.float32, 1).items()})
    return out


def update_rules_sgd_momentum(inputs):
    from deeplearning.optim import sgd_momentum

    return _trajectories(sgd_momentum, inputs)


def update_rules_rmsprop(inputs):
    from deeplearning.optim import rmsprop

    return _trajectories(rmsprop, inputs)


def update_rules_adam(inputs):
    from deeplearning.optim import adam

    return _trajectories(adam, inputs)
