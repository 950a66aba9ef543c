"""Layer normalization probes (run in the sandbox).

Each probe runs twice: with the grader's correct batch normalization in place of the student's (the layer norm
of a student who builds it on batchnorm_forward / batchnorm_backward is judged on its own), and as the student
wrote it ("<probe>_own"), for a layer norm that reads the cache of its own batch normalization, or passes it
parameters of its own, which the grader's batch normalization cannot honour (checks.py judges the first run,
and the second where the first fails).
"""
from sandbox.stand_ins import correct_layers

# Every parameter the docstring documents is passed (a changed default is judged on its own: out_default), and a
# large eps makes a backward pass that ignores the forward pass's eps visible (row variances are near 25 here: at
# eps = 1e-5 a hard-coded 1e-8 moves the gradients by 2e-7, at eps = 1 by 2e-2).
EPS, LARGE_EPS = 1e-5, 1.0


def _gradients(x, gamma, beta, dout, eps):
    from deeplearning.gradient_check import eval_numerical_gradient_array
    from deeplearning.layers import layernorm_backward, layernorm_forward

    def forward(x=x, gamma=gamma, beta=beta):
        return layernorm_forward(x, gamma, beta, {"eps": eps})[0]

    x_before = x.copy()
    out, cache = layernorm_forward(x, gamma, beta, {"eps": eps})
    dx, dgamma, dbeta = layernorm_backward(dout, cache)
    return {"out": out, "dx": dx, "dgamma": dgamma, "dbeta": dbeta, "x_after": x,
            "numeric_dx": eval_numerical_gradient_array(lambda v: forward(x=v), x_before.copy(), dout),
            "numeric_dgamma": eval_numerical_gradient_array(lambda v: forward(gamma=v), gamma.copy(), dout),
            "numeric_dbeta": eval_numerical_gradient_array(lambda v: forward(beta=v), beta.copy(), dout)}


def _layernorm(inputs):
    from deeplearning.layers import layernorm_forward

    x, gamma, beta, dout = (inputs[key].copy() for key in ("x", "gamma", "beta", "dout"))
    found = _gradients(x, gamma, beta, dout, EPS)
    found.update({f"{key}_large_eps": value for key, value in
                  _gradients(inputs["x"].copy(), gamma, beta, dout, LARGE_EPS).items()})
    found["out_default"] = layernorm_forward(inputs["x"].copy(), gamma, beta, {})[0]
    return found


def _test_mode(inputs):
    """Layer normalization has no running statistics: the same output whatever the batch and the mode."""
    from deeplearning.layers import layernorm_forward

    x, gamma, beta = inputs["x"], inputs["gamma"], inputs["beta"]
    return {"out_all": layernorm_forward(x.copy(), gamma, beta, {"mode": "test", "eps": EPS})[0],
            "out_one": layernorm_forward(x[:1].copy(), gamma, beta, {"mode": "train", "eps": EPS})[0]}


def layernorm(inputs):
    with correct_layers():
        return _layernorm(inputs)


def layernorm_own(inputs):
    return _layernorm(inputs)


def layernorm_test_mode(inputs):
    with correct_layers():
        return _test_mode(inputs)


def layernorm_test_mode_own(inputs):
    return _test_mode(inputs)
