"""Dropout forward pass probes (run in the sandbox)."""
import numpy as np


def keep_ratios(inputs):
    """Train mode with several keep ratios: the statistics of the mask and the scaling of kept units."""
    from deeplearning.layers import dropout_forward

    return {f"train_{p}": dropout_forward(inputs["x"], {"mode": "train", "p": float(p)})[0]
            for p in inputs["keep_ratios"]}


def test_mode_outputs(inputs):
    from deeplearning.layers import dropout_forward

    return {f"test_{p}": dropout_forward(inputs["x"], {"mode": "test", "p": float(p)})[0] for p in inputs["keep_ratios"]}


def any_shape(inputs):
    """A 3-D input, in both modes (the docstring says x may have any shape)."""
    from deeplearning.layers import dropout_forward

    return {mode: dropout_forward(inputs["cube"], {"mode": mode, "p": 0.6})[0] for mode in ("train", "test")}


def float32(inputs):
    from deeplearning.layers import dropout_forward

    return {mode: dropout_forward(inputs["x32"], {"mode": mode, "p": 0.4})[0] for mode in ("train", "test")}


def seeded(inputs):
    from deeplearning.layers import dropout_forward

    x = inputs["x_small"]
    return {
        "seed_a": dropout_forward(x, {"mode": "train", "p": 0.5, "seed": 1234})[0],
        "seed_b": dropout_forward(x, {"mode": "train", "p": 0.5, "seed": 1234})[0],
        "seed_c": dropout_forward(x, {"mode": "train", "p": 0.5, "seed": 4321})[0],
    }


def notebook_check(inputs):
    """The notebook's forward check, whose printed numbers the students can compare."""
    from deeplearning.layers import dropout_forward

    np.random.seed(231)
    x = np.random.randn(500, 500) + 10
    return {f"notebook_{p}": dropout_forward(x, {"mode": "train", "p": p})[0] for p in (0.25, 0.4, 0.7)}
