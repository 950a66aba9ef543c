"""ReLU layer probes (run in the sandbox)."""
import numpy as np


def relu(inputs):
    """The forward and backward passes, and the caller's arrays after each: a function that changes one in place is
    named (x after relu_forward; x, held by the cache, and dout after relu_backward)."""
    from deeplearning.layers import relu_backward, relu_forward

    x, dout = inputs["x"].copy(), inputs["dout"].copy()
    out, cache = relu_forward(x)
    x_after_forward = x.copy()
    dx = relu_backward(dout, cache)
    return {"out": out, "dx": dx, "x_after": x_after_forward, "x_after_backward": x, "dout_after": dout}


def at_zero(inputs):
    from deeplearning.layers import relu_backward, relu_forward

    _, cache = relu_forward(inputs["at_zero"].copy())
    return {"dx": relu_backward(inputs["dout"], cache)}


def relu_float32(inputs):
    from deeplearning.layers import relu_backward, relu_forward

    out, cache = relu_forward(inputs["x"].astype(np.float32))
    return {"out": out, "dx": relu_backward(inputs["dout"].astype(np.float32), cache)}
