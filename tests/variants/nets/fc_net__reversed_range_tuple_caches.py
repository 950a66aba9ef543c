"""FullyConnectedNet.loss that calls every layer function itself (affine_forward, batchnorm_forward / layernorm_forward, relu_forward, dropout_forward), keeps one tuple (affine, norm, relu, dropout) of caches per hidden layer in a list, and backpropagates with a 0-based loop counting down, for i in reversed(range(L - 1)), naming the parameters 'W' + str(i + 1); the regularization is np.sum(W * W) in the loss, and its gradient reg * W is added inside the backward loop as each W's gradient is produced (a layout found in many cs231n assignment-2 repositories). The normalized layers go back through batchnorm_backward_alt / layernorm_backward. No difference from the docstring."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

import numpy as np

from ..layers import (batchnorm_backward_alt, batchnorm_forward, layernorm_backward, layernorm_forward,
                      relu_backward, relu_forward)


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
        L = self.num_layers
        hidden_caches = []
        h = X
        for i in range(L - 1):
            k = str(i + 1)
            h, fc_cache = affine_forward(h, self.params["W" + k], self.params["b" + k])
            norm_cache = None
            if self.normalization == "batchnorm":
                h, norm_cache = batchnorm_forward(h, self.params["gamma" + k], self.params["beta" + k],
                                                  self.bn_params[i])
            elif self.normalization == "layernorm":
                h, norm_cache = layernorm_forward(h, self.params["gamma" + k], self.params["beta" + k],
                                                  self.bn_params[i])
            h, relu_cache = relu_forward(h)
            drop_cache = None
            if self.use_dropout:
                h, drop_cache = dropout_forward(h, self.dropout_param)
            hidden_caches.append((fc_cache, norm_cache, relu_cache, drop_cache))
        scores, last_cache = affine_forward(h, self.params["W" + str(L)], self.params["b" + str(L)])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dscores = softmax_loss(scores, y)
        loss += 0.5 * self.reg * sum(np.sum(self.params["W" + str(i)] * self.params["W" + str(i)])
                                     for i in range(1, L + 1))

        dh, dW, grads["b" + str(L)] = affine_backward(dscores, last_cache)
        grads["W" + str(L)] = dW + self.reg * self.params["W" + str(L)]
        for i in reversed(range(L - 1)):
            k = str(i + 1)
            fc_cache, norm_cache, relu_cache, drop_cache = hidden_caches[i]
            if self.use_dropout:
                dh = dropout_backward(dh, drop_cache)
            dh = relu_backward(dh, relu_cache)
            if self.normalization == "batchnorm":
                dh, grads["gamma" + k], grads["beta" + k] = batchnorm_backward_alt(dh, norm_cache)
            elif self.normalization == "layernorm":
                dh, grads["gamma" + k], grads["beta" + k] = layernorm_backward(dh, norm_cache)
            dh, dW, grads["b" + k] = affine_backward(dh, fc_cache)
            grads["W" + k] = dW + self.reg * self.params["W" + k]

        return loss, grads
