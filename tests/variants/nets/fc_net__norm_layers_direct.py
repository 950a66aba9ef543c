"""FullyConnectedNet.loss that runs normalization through batchnorm_forward / layernorm_forward and relu_forward directly, bn caches in a dict."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

import numpy as np
from deeplearning.layers import (batchnorm_backward_alt, batchnorm_forward, layernorm_backward, layernorm_forward,
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
        fc_caches, bn_caches, relu_caches, drop_caches = {}, {}, {}, {}
        sandwich_caches = {}
        h = X
        for i in range(1, self.num_layers):
            W, b = self.params["W" + str(i)], self.params["b" + str(i)]
            if self.normalization is None:
                h, sandwich_caches[i] = affine_relu_forward(h, W, b)
            else:
                a, fc_caches[i] = affine_forward(h, W, b)
                gamma, beta = self.params["gamma" + str(i)], self.params["beta" + str(i)]
                if self.normalization == "batchnorm":
                    a, bn_caches[i] = batchnorm_forward(a, gamma, beta, self.bn_params[i - 1])
                else:
                    a, bn_caches[i] = layernorm_forward(a, gamma, beta, self.bn_params[i - 1])
                h, relu_caches[i] = relu_forward(a)
            if self.use_dropout:
                h, drop_caches[i] = dropout_forward(h, self.dropout_param)
        L = self.num_layers
        scores, last_cache = affine_forward(h, self.params["W" + str(L)], self.params["b" + str(L)])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dh = softmax_loss(scores, y)
        dh, grads["W" + str(L)], grads["b" + str(L)] = affine_backward(dh, last_cache)
        for i in range(L - 1, 0, -1):
            if self.use_dropout:
                dh = dropout_backward(dh, drop_caches[i])
            if self.normalization is None:
                dh, grads["W" + str(i)], grads["b" + str(i)] = affine_relu_backward(dh, sandwich_caches[i])
            else:
                da = relu_backward(dh, relu_caches[i])
                if self.normalization == "batchnorm":
                    da, dgamma, dbeta = batchnorm_backward_alt(da, bn_caches[i])
                else:
                    da, dgamma, dbeta = layernorm_backward(da, bn_caches[i])
                grads["gamma" + str(i)], grads["beta" + str(i)] = dgamma, dbeta
                dh, grads["W" + str(i)], grads["b" + str(i)] = affine_backward(da, fc_caches[i])

        for i in range(1, L + 1):
            W = self.params["W" + str(i)]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads["W" + str(i)] += self.reg * W

        return loss, grads
