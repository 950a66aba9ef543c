"""ReLU whose backward pass writes into the upstream gradient and returns it, dx = dout; dx[x <= 0] = 0 (a two-line form found in many cs231n submissions and forum answers: "dx = dout; dx[cache <= 0] = 0"), with the forward as np.maximum(0, x). dx is right everywhere, 0 at x == 0 as the docstring asks; the array the caller passed as dout now holds dx. Every caller the assignment has hands relu_backward a gradient it does not use again (affine_relu_backward and affine_norm_relu_backward pass the affine or dropout gradient they have just computed; the notebook's ReLU cell computes its numeric gradient before the call, and in its affine-ReLU cell the entries zeroed are those where the ReLU's derivative is 0, so the numeric gradient taken afterwards is unchanged). Difference from the docstring: dout is overwritten with dx (the docstring does not ask to keep it), so dx is the same array object as dout."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def relu_forward(x):
    out = None
    out = np.maximum(0, x)
    return out, x


def relu_backward(dout, cache):
    x = cache
    dx = None
    dx = dout
    dx[x <= 0] = 0
    return dx
