"""FullyConnectedNet built on sandwich helpers the student wrote at the top of fc_net.py, in the manner of layer_utils.py (the cs231n layer_utils "convenience layers"): affine_relu_dropout_forward(x, w, b, dropout_param) calls affine_forward, relu_forward and, when a dropout_param is given, dropout_forward, and returns the three caches as a tuple it built itself, (fc_cache, relu_cache, drop_cache) with None for no dropout; affine_relu_dropout_backward unpacks that tuple and calls dropout_backward, relu_backward and affine_backward in reverse. The loss keeps one helper cache per hidden layer in a dict keyed by layer, the output layer is affine_forward, and the regularization of all weights is added at the end. Difference from the docstring: none in behaviour; the layer caches travel inside the student's own tuples (the normalized net keeps the given affine_norm_relu sandwich)."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

import numpy as np

from ..layers import relu_backward, relu_forward


def affine_relu_dropout_forward(x, w, b, dropout_param=None):
    a, fc_cache = affine_forward(x, w, b)
    out, relu_cache = relu_forward(a)
    drop_cache = None
    if dropout_param is not None:
        out, drop_cache = dropout_forward(out, dropout_param)
    return out, (fc_cache, relu_cache, drop_cache)


def affine_relu_dropout_backward(dout, cache):
    fc_cache, relu_cache, drop_cache = cache
    if drop_cache is not None:
        dout = dropout_backward(dout, drop_cache)
    da = relu_backward(dout, relu_cache)
    return affine_backward(da, fc_cache)


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
        cache = {}
        layer_input = X
        drop = self.dropout_param if self.use_dropout else None
        for l in range(1, self.num_layers):
            W, b = self.params["W%d" % l], self.params["b%d" % l]
            if self.normalization:
                layer_input, norm_cache = affine_norm_relu_forward(
                    layer_input, W, b, self.params["gamma%d" % l], self.params["beta%d" % l],
                    self.bn_params[l - 1], self.normalization)
                drop_cache = None
                if drop is not None:
                    layer_input, drop_cache = dropout_forward(layer_input, drop)
                cache[l] = (norm_cache, drop_cache)
            else:
                layer_input, cache[l] = affine_relu_dropout_forward(layer_input, W, b, drop)
        L = self.num_layers
        scores, cache[L] = affine_forward(layer_input, self.params["W%d" % L], self.params["b%d" % L])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dscores = softmax_loss(scores, y)
        dx, grads["W%d" % L], grads["b%d" % L] = affine_backward(dscores, cache[L])
        for l in range(L - 1, 0, -1):
            if self.normalization:
                norm_cache, drop_cache = cache[l]
                if drop_cache is not None:
                    dx = dropout_backward(dx, drop_cache)
                dx, grads["W%d" % l], grads["b%d" % l], grads["gamma%d" % l], grads["beta%d" % l] = \
                    affine_norm_relu_backward(dx, norm_cache)
            else:
                dx, grads["W%d" % l], grads["b%d" % l] = affine_relu_dropout_backward(dx, cache[l])

        for l in range(1, L + 1):
            W = self.params["W%d" % l]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads["W%d" % l] += self.reg * W
        return loss, grads
