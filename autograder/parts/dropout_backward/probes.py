"""Dropout backward pass probes (run in the sandbox)."""
import numpy as np


def gradient_check(inputs):
    from deeplearning.gradient_check import eval_numerical_gradient_array
    from deeplearning.layers import dropout_backward, dropout_forward

    x, dout = inputs["x"].copy(), inputs["dout"]
    param = {"mode": "train", "p": 0.2, "seed": 123}
    out, cache = dropout_forward(x, param)
    dx = dropout_backward(dout, cache)
    dx_num = eval_numerical_gradient_array(lambda xx: dropout_forward(xx, param)[0], x, dout)
    return {"out": out, "dx": dx, "dx_num": dx_num}


def mask_reuse(inputs):
    from deeplearning.layers import dropout_backward, dropout_forward

    x, dout = inputs["x_big"], inputs["dout_big"]
    out, cache = dropout_forward(x, {"mode": "train", "p": 0.6})
    np.random.seed(int(inputs["rng_seed"]) + 1)  # a new mask drawn here would differ from the forward one
    np.random.rand(1000)
    dx = dropout_backward(dout, cache)
    return {"out": out, "dx": dx}


def test_mode_and_float32(inputs):
    from deeplearning.layers import dropout_backward, dropout_forward

    dout = inputs["dout_big"]
    _, cache = dropout_forward(inputs["x_big"], {"mode": "test", "p": 0.6})
    x32, dout32 = inputs["x_big"].astype(np.float32), dout.astype(np.float32)
    _, cache32 = dropout_forward(x32, {"mode": "train", "p": 0.6})
    return {"dx_test": dropout_backward(dout, cache), "dx_float32": dropout_backward(dout32, cache32)}
