"""FullyConnectedNet.loss that calls every layer itself and keeps the caches in a dict: 'affine1', 'relu1', 'dropout1', ..."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

import numpy as np
from deeplearning.layers import (batchnorm_backward, batchnorm_forward, layernorm_backward, layernorm_forward,
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
        cache = {}
        out = X
        for i in range(1, self.num_layers):
            out, cache["affine%d" % i] = affine_forward(out, self.params["W%d" % i], self.params["b%d" % i])
            if self.normalization == "batchnorm":
                out, cache["norm%d" % i] = batchnorm_forward(out, self.params["gamma%d" % i],
                                                             self.params["beta%d" % i], self.bn_params[i - 1])
            elif self.normalization == "layernorm":
                out, cache["norm%d" % i] = layernorm_forward(out, self.params["gamma%d" % i],
                                                             self.params["beta%d" % i], self.bn_params[i - 1])
            out, cache["relu%d" % i] = relu_forward(out)
            if self.use_dropout:
                out, cache["dropout%d" % i] = dropout_forward(out, self.dropout_param)
        L = self.num_layers
        scores, cache["affine%d" % L] = affine_forward(out, self.params["W%d" % L], self.params["b%d" % L])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dout = softmax_loss(scores, y)
        for i in range(1, L + 1):
            loss += 0.5 * self.reg * np.sum(self.params["W%d" % i] * self.params["W%d" % i])

        dout, grads["W%d" % L], grads["b%d" % L] = affine_backward(dout, cache["affine%d" % L])
        grads["W%d" % L] += self.reg * self.params["W%d" % L]
        for i in reversed(range(1, L)):
            if self.use_dropout:
                dout = dropout_backward(dout, cache["dropout%d" % i])
            dout = relu_backward(dout, cache["relu%d" % i])
            if self.normalization == "batchnorm":
                dout, grads["gamma%d" % i], grads["beta%d" % i] = batchnorm_backward(dout, cache["norm%d" % i])
            elif self.normalization == "layernorm":
                dout, grads["gamma%d" % i], grads["beta%d" % i] = layernorm_backward(dout, cache["norm%d" % i])
            dout, dW, grads["b%d" % i] = affine_backward(dout, cache["affine%d" % i])
            grads["W%d" % i] = dW + self.reg * self.params["W%d" % i]

        return loss, grads
