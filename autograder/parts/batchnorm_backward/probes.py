"""Batch normalization backward passes probes (run in the sandbox)."""


def _batchnorm_gradients(backward, inputs):
    from deeplearning.layers import batchnorm_forward

    _, cache = batchnorm_forward(inputs["x"], inputs["gamma"], inputs["beta"], {"mode": "train"})
    dx, dgamma, dbeta = backward(inputs["dout"], cache)
    return {"dx": dx, "dgamma": dgamma, "dbeta": dbeta}


def batchnorm_graph_backward(inputs):
    from deeplearning.layers import batchnorm_backward

    return _batchnorm_gradients(batchnorm_backward, inputs)


def batchnorm_alt_backward(inputs):
    from deeplearning.layers import batchnorm_backward_alt

    return _batchnorm_gradients(batchnorm_backward_alt, inputs)
