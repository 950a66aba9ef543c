"""Batch normalization backward probes (run in the sandbox): each backward pass on the cache of the student's own
forward pass, and the numeric gradient of that forward pass."""


def _gradients(backward, inputs):
    """For the usual x and for x_small (variance close to eps, numeric gradient with a smaller step): the output,
    the gradients and the numeric ones, as <key> and <key>_small; and for the usual x what the backward pass left of
    the caller's x and dout, and the gradients of a second call with the same cache (as the notebook makes, with the
    other backward pass)."""
    from deeplearning.gradient_check import eval_numerical_gradient_array
    from deeplearning.layers import batchnorm_forward

    found = {}
    for x_key, h, suffix in (("x", 1e-5, ""), ("x_small", 1e-7, "_small")):
        x, gamma, beta, dout = (inputs[key].copy() for key in (x_key, "gamma", "beta", "dout"))
        out, cache = batchnorm_forward(x, gamma, beta, {"mode": "train", "eps": 1e-5, "momentum": 0.9})
        x_before_backward = x.copy()
        dx, dgamma, dbeta = backward(dout, cache)
        if not suffix:
            again = backward(inputs["dout"].copy(), cache)
            found.update(x_after_backward=x, x_before_backward=x_before_backward, dout_after=dout,
                         **{f"again_{key}": value for key, value in zip(("dx", "dgamma", "dbeta"), again)})

        x, dout = x_before_backward, inputs["dout"]  # what the backward pass was given, even if it changed them

        def forward(x=x, gamma=gamma, beta=beta):
            return batchnorm_forward(x, gamma, beta, {"mode": "train", "eps": 1e-5, "momentum": 0.9})[0]

        found.update({f"{key}{suffix}": value for key, value in {
            "out": out, "dx": dx, "dgamma": dgamma, "dbeta": dbeta,
            "numeric_dx": eval_numerical_gradient_array(lambda v: forward(x=v), x.copy(), dout, h=h),
            "numeric_dgamma": eval_numerical_gradient_array(lambda v: forward(gamma=v), gamma.copy(), dout, h=h),
            "numeric_dbeta": eval_numerical_gradient_array(lambda v: forward(beta=v), beta.copy(), dout, h=h)}.items()})
    return found


def batchnorm_graph_backward(inputs):
    from deeplearning.layers import batchnorm_backward

    return _gradients(batchnorm_backward, inputs)


def batchnorm_alt_backward(inputs):
    from deeplearning.layers import batchnorm_backward_alt

    return _gradients(batchnorm_backward_alt, inputs)
