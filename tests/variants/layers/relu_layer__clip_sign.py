"""ReLU with np.clip(x, 0, None) (numpy docs: "If None, clipping is not performed on the corresponding edge") and a backward pass that builds the derivative 1[x > 0] as np.clip(np.sign(x), 0, None): sign is 1, 0, -1 for x > 0, x == 0, x < 0, so the clipped sign is exactly the indicator of x > 0, with 0 at x == 0 as the docstring asks. np.sign keeps the dtype of x, so float32 stays float32."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def relu_forward(x):
    out = np.clip(x, 0, None)   # no upper bound
    return out, x


def relu_backward(dout, cache):
    x = cache
    slope = np.clip(np.sign(x), 0, None)   # 1 where x > 0, else 0
    dx = dout * slope
    return dx
