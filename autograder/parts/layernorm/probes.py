"""Layer normalization probes (run in the sandbox), with the grader's batch normalization."""
from sandbox.stand_ins import correct_layers


def layernorm(inputs):
    from deeplearning.gradient_check import eval_numerical_gradient_array
    from deeplearning.layers import layernorm_backward, layernorm_forward

    with correct_layers():
        x, gamma, beta, dout = (inputs[key].copy() for key in ("x", "gamma", "beta", "dout"))
        out, cache = layernorm_forward(x, gamma, beta, {})
        dx, dgamma, dbeta = layernorm_backward(dout, cache)

        def forward(x=x, gamma=gamma, beta=beta):
            return layernorm_forward(x, gamma, beta, {})[0]

        return {"out": out, "dx": dx, "dgamma": dgamma, "dbeta": dbeta, "x_after": x,
                "numeric_dx": eval_numerical_gradient_array(lambda v: forward(x=v), x.copy(), dout),
                "numeric_dgamma": eval_numerical_gradient_array(lambda v: forward(gamma=v), gamma.copy(), dout),
                "numeric_dbeta": eval_numerical_gradient_array(lambda v: forward(beta=v), beta.copy(), dout)}


def layernorm_test_mode(inputs):
    """Layer normalization has no running statistics: the same output whatever the batch and the mode."""
    from deeplearning.layers import layernorm_forward

    with correct_layers():
        out_all, _ = layernorm_forward(inputs["x"], inputs["gamma"], inputs["beta"], {"mode": "test"})
        out_one, _ = layernorm_forward(inputs["x"][:1], inputs["gamma"], inputs["beta"], {"mode": "train"})
    return {"out_all": out_all, "out_one": out_one}
