"""ReLU layer probes (run in the sandbox)."""
import numpy as np


def relu(inputs):
    from deeplearning.layers import relu_backward, relu_forward

    x = inputs["x"].copy()
    out, cache = relu_forward(x)
    return {"out": out, "dx": relu_backward(inputs["dout"], cache), "x_after": x}


def at_zero(inputs):
    from deeplearning.layers import relu_backward, relu_forward

    _, cache = relu_forward(inputs["at_zero"].copy())
    return {"dx": relu_backward(inputs["dout"], cache)}


def relu_float32(inputs):
    from deeplearning.layers import relu_backward, relu_forward

    out, cache = relu_forward(inputs["x"].astype(np.float32))
    return {"out": out, "dx": relu_backward(inputs["dout"].astype(np.float32), cache)}
