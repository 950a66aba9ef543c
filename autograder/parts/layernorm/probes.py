"""Layer normalization probes (run in the sandbox)."""


def layernorm(inputs):
    from deeplearning.layers import layernorm_backward, layernorm_forward

    x = inputs["x"].copy()
    out, cache = layernorm_forward(x, inputs["gamma"], inputs["beta"], {})
    dx, dgamma, dbeta = layernorm_backward(inputs["dout"], cache)
    return {"out": out, "dx": dx, "dgamma": dgamma, "dbeta": dbeta, "x_after": x}


def layernorm_test_mode(inputs):
    """Layer normalization has no running statistics: the same output whatever the batch."""
    from deeplearning.layers import layernorm_forward

    out_all, _ = layernorm_forward(inputs["x"], inputs["gamma"], inputs["beta"], {"mode": "test"})
    out_one, _ = layernorm_forward(inputs["x"][:1], inputs["gamma"], inputs["beta"], {"mode": "train"})
    return {"out_all": out_all, "out_one": out_one}
