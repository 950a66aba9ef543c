"""Sandwich layers: common sequences of layers packed into one forward/backward pair."""
from .layers import (
    affine_backward,
    affine_forward,
    batchnorm_backward_alt,
    batchnorm_forward,
    layernorm_backward,
    layernorm_forward,
    relu_backward,
    relu_forward,
)


def affine_relu_forward(x, w, b):
    """Affine layer followed by a ReLU.

    Inputs:
    - x: input, shape (N, d_1, ..., d_k)
    - w: weights, shape (D, M) with D = d_1 * ... * d_k
    - b: biases, shape (M,)

    Returns a tuple of:
    - out: output of the ReLU, shape (N, M)
    - cache: (affine cache, relu cache) for affine_relu_backward
    """
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    return out, (fc_cache, relu_cache)


def affine_relu_backward(dout, cache):
    """Backward pass of the affine-ReLU sandwich.

    Inputs:
    - dout: upstream derivative, shape (N, M)
    - cache: from affine_relu_forward

    Returns a tuple of:
    - dx: shape (N, d_1, ..., d_k)
    - dw: shape (D, M)
    - db: shape (M,)
    """
    fc_cache, relu_cache = cache
    da = relu_backward(dout, relu_cache)
    return affine_backward(da, fc_cache)


def affine_norm_relu_forward(x, w, b, gamma, beta, norm_param, normalization):
    """Affine layer, then batch or layer normalization, then a ReLU.

    Inputs:
    - x, w, b: as for affine_relu_forward
    - gamma, beta: scale and shift of the normalization, shape (M,)
    - norm_param: the bn_param (batchnorm) or ln_param (layernorm) dict of this layer
    - normalization: 'batchnorm' or 'layernorm'

    Returns a tuple of:
    - out: output of the ReLU, shape (N, M)
    - cache: for affine_norm_relu_backward
    """
    a, fc_cache = affine_forward(x, w, b)
    if normalization == "batchnorm":
        a_norm, norm_cache = batchnorm_forward(a, gamma, beta, norm_param)
    elif normalization == "layernorm":
        a_norm, norm_cache = layernorm_forward(a, gamma, beta, norm_param)
    else:
        raise ValueError(f"normalization must be 'batchnorm' or 'layernorm', got {normalization!r}")
    out, relu_cache = relu_forward(a_norm)
    return out, (fc_cache, norm_cache, relu_cache, normalization)


def affine_norm_relu_backward(dout, cache):
    """Backward pass of affine_norm_relu_forward.

    Returns a tuple of:
    - dx: shape (N, d_1, ..., d_k)
    - dw: shape (D, M)
    - db, dgamma, dbeta: shape (M,)
    """
    fc_cache, norm_cache, relu_cache, normalization = cache
    da_norm = relu_backward(dout, relu_cache)
    if normalization == "batchnorm":
        da, dgamma, dbeta = batchnorm_backward_alt(da_norm, norm_cache)
    else:
        da, dgamma, dbeta = layernorm_backward(da_norm, norm_cache)
    dx, dw, db = affine_backward(da, fc_cache)
    return dx, dw, db, dgamma, dbeta
