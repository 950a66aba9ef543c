"""FullyConnectedNet that runs the output layer through affine_relu_forward too, so the scores go through a ReLU."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {"fc_net": "a ReLU follows the output layer"}

import numpy as np


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
        caches = []
        out = X
        L = self.num_layers
        for i in range(1, L + 1):
            W, b = self.params[f"W{i}"], self.params[f"b{i}"]
            if self.normalization and i < L:
                out, cache = affine_norm_relu_forward(out, W, b, self.params[f"gamma{i}"], self.params[f"beta{i}"],
                                                      self.bn_params[i - 1], self.normalization)
            else:
                out, cache = affine_relu_forward(out, W, b)
            caches.append(cache)
            if self.use_dropout and i < L:
                out, cache = dropout_forward(out, self.dropout_param)
                caches.append(cache)
        scores = out

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dout = softmax_loss(scores, y)
        for i in range(L, 0, -1):
            if self.use_dropout and i < L:
                dout = dropout_backward(dout, caches.pop())
            if self.normalization and i < L:
                dout, grads[f"W{i}"], grads[f"b{i}"], grads[f"gamma{i}"], grads[f"beta{i}"] = \
                    affine_norm_relu_backward(dout, caches.pop())
            else:
                dout, grads[f"W{i}"], grads[f"b{i}"] = affine_relu_backward(dout, caches.pop())
        for i in range(1, L + 1):
            W = self.params[f"W{i}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{i}"] += self.reg * W

        return loss, grads
