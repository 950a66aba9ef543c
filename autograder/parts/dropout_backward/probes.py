"""Dropout backward pass probes (run in the sandbox).

The backward pass is checked against the student's own forward pass (its cache may
hold the mask in any form), so a wrong forward pass costs nothing here.
"""
import numpy as np


def _forward(x):
    """The student's train-mode forward pass, or None where it fails (that costs points in dropout_forward only)."""
    from deeplearning.layers import dropout_forward

    try:
        out, cache = dropout_forward(x, {"mode": "train", "p": 0.6})
    except Exception:  # noqa: BLE001
        return None
    return (out, cache) if np.shape(out) == x.shape else None


def train_mode(inputs):
    """Forward and backward with the same cache; a new mask drawn in between would show."""
    from deeplearning.layers import dropout_backward

    forward = _forward(inputs["x"])
    if forward is None:
        return {"forward_failed": np.array(1)}
    np.random.seed(int(inputs["rng_seed"]) + 1)
    np.random.rand(1000)
    return {"out": forward[0], "dx": dropout_backward(inputs["dout"], forward[1])}


def any_shape(inputs):
    from deeplearning.layers import dropout_backward

    forward = _forward(inputs["cube"])
    if forward is None:
        return {"forward_failed": np.array(1)}
    return {"out": forward[0], "dx": dropout_backward(inputs["dout_cube"], forward[1])}


def test_mode(inputs):
    from deeplearning.layers import dropout_backward, dropout_forward

    _, cache = dropout_forward(inputs["x"], {"mode": "test", "p": 0.6})
    return {"dx": dropout_backward(inputs["dout"], cache)}


def documented_cache(inputs):
    """The cache as the docstring describes it (dropout_param, mask of 0 and 1/p): graded only when the student's
    own forward pass fails, so that the backward pass still counts."""
    from deeplearning.layers import dropout_backward

    return {"dx": dropout_backward(inputs["dout"], ({"mode": "train", "p": 0.6}, inputs["mask"]))}


def float32(inputs):
    from deeplearning.layers import dropout_backward, dropout_forward

    _, cache = dropout_forward(inputs["x"].astype(np.float32), {"mode": "train", "p": 0.6})
    return {"dx": dropout_backward(inputs["dout"].astype(np.float32), cache)}
