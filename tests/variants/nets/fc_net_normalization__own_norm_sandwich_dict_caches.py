"""FullyConnectedNet with its own affine-norm-ReLU helpers at the top of fc_net.py, written after layer_utils.py's sandwich layers: fc_norm_relu_forward(x, w, b, gamma, beta, norm_param, kind) calls affine_forward, batchnorm_forward or layernorm_forward, and relu_forward, and returns the caches in a dict it built itself, {"fc": ..., "norm": ..., "relu": ..., "kind": ...}; fc_norm_relu_backward reads the dict and calls relu_backward, then batchnorm_backward (the node-by-node pass, where the given sandwich uses batchnorm_backward_alt) or layernorm_backward, then affine_backward. The plain net uses the given affine_relu sandwich; dropout follows each hidden ReLU. Difference from the docstring: none in behaviour; the layer caches travel inside the student's own dicts, and batch norm is differentiated by batchnorm_backward instead of batchnorm_backward_alt (both must give the same gradients)."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

import numpy as np

from ..layers import (batchnorm_backward, batchnorm_forward, layernorm_backward, layernorm_forward, relu_backward,
                      relu_forward)


def fc_norm_relu_forward(x, w, b, gamma, beta, norm_param, kind):
    cache = {"kind": kind}
    a, cache["fc"] = affine_forward(x, w, b)
    if kind == "batchnorm":
        a, cache["norm"] = batchnorm_forward(a, gamma, beta, norm_param)
    else:
        a, cache["norm"] = layernorm_forward(a, gamma, beta, norm_param)
    out, cache["relu"] = relu_forward(a)
    return out, cache


def fc_norm_relu_backward(dout, cache):
    da = relu_backward(dout, cache["relu"])
    if cache["kind"] == "batchnorm":
        da, dgamma, dbeta = batchnorm_backward(da, cache["norm"])
    else:
        da, dgamma, dbeta = layernorm_backward(da, cache["norm"])
    dx, dw, db = affine_backward(da, cache["fc"])
    return dx, dw, db, dgamma, dbeta


class FullyConnectedNet:
    def loss(self, X, y=None):
        X = X.astype(self.dtype, copy=False)
        mode = "test" if y is None else "train"
        if self.use_dropout:
            self.dropout_param["mode"] = mode
        if self.normalization == "batchnorm":
            for bn_param in self.bn_params:
                bn_param["mode"] = mode

        scores = None
        layer_caches, dropout_caches = [], []
        out = X
        for i in range(1, self.num_layers):
            W, b = self.params[f"W{i}"], self.params[f"b{i}"]
            if self.normalization is None:
                out, c = affine_relu_forward(out, W, b)
            else:
                out, c = fc_norm_relu_forward(out, W, b, self.params[f"gamma{i}"], self.params[f"beta{i}"],
                                              self.bn_params[i - 1], self.normalization)
            layer_caches.append(c)
            if self.use_dropout:
                out, c = dropout_forward(out, self.dropout_param)
                dropout_caches.append(c)
        L = self.num_layers
        scores, last_cache = affine_forward(out, self.params[f"W{L}"], self.params[f"b{L}"])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dscores = softmax_loss(scores, y)
        dout, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dscores, last_cache)
        for i in range(L - 1, 0, -1):
            if self.use_dropout:
                dout = dropout_backward(dout, dropout_caches[i - 1])
            if self.normalization is None:
                dout, grads[f"W{i}"], grads[f"b{i}"] = affine_relu_backward(dout, layer_caches[i - 1])
            else:
                dout, grads[f"W{i}"], grads[f"b{i}"], grads[f"gamma{i}"], grads[f"beta{i}"] = \
                    fc_norm_relu_backward(dout, layer_caches[i - 1])

        for i in range(1, L + 1):
            W = self.params[f"W{i}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{i}"] += self.reg * W
        return loss, grads
