"""Affine layer probes (run in the sandbox)."""
import numpy as np


def affine(inputs):
    from deeplearning.layers import affine_backward, affine_forward

    x, w, b = inputs["x"].copy(), inputs["w"], inputs["b"]
    out, cache = affine_forward(x, w, b)
    dx, dw, db = affine_backward(inputs["dout"], cache)
    return {"out": out, "dx": dx, "dw": dw, "db": db, "x_after": x}


def affine_float32(inputs):
    from deeplearning.layers import affine_backward, affine_forward

    x, w, b = (inputs[key].astype(np.float32) for key in ("x", "w", "b"))
    out, cache = affine_forward(x, w, b)
    dx, dw, db = affine_backward(inputs["dout"].astype(np.float32), cache)
    return {"out": out, "dx": dx, "dw": dw, "db": db}
