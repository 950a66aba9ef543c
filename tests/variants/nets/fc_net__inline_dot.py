"""FullyConnectedNet.loss that writes the affine layers and ReLUs inline (X.reshape(N, -1).dot(W) + b, np.maximum) and backprops by hand."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

import numpy as np
from deeplearning.layers import batchnorm_backward_alt, batchnorm_forward, layernorm_backward, layernorm_forward


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
        inputs = {1: X.reshape(X.shape[0], -1)}   # inputs[i]: what layer i multiplies by W{i}
        relu_in, norm_caches, drop_caches = {}, {}, {}
        for i in range(1, L):
            a = inputs[i].dot(self.params[f"W{i}"]) + self.params[f"b{i}"]
            if self.normalization == "batchnorm":
                a, norm_caches[i] = batchnorm_forward(a, self.params[f"gamma{i}"], self.params[f"beta{i}"],
                                                      self.bn_params[i - 1])
            elif self.normalization == "layernorm":
                a, norm_caches[i] = layernorm_forward(a, self.params[f"gamma{i}"], self.params[f"beta{i}"],
                                                      self.bn_params[i - 1])
            relu_in[i] = a
            h = np.maximum(a, 0)
            if self.use_dropout:
                h, drop_caches[i] = dropout_forward(h, self.dropout_param)
            inputs[i + 1] = h
        scores = inputs[L].dot(self.params[f"W{L}"]) + self.params[f"b{L}"]

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dout = softmax_loss(scores, y)
        for i in range(L, 0, -1):
            W = self.params[f"W{i}"]
            if i < L:
                if self.use_dropout:
                    dout = dropout_backward(dout, drop_caches[i])
                dout = dout * (relu_in[i] > 0)
                if self.normalization == "batchnorm":
                    dout, grads[f"gamma{i}"], grads[f"beta{i}"] = batchnorm_backward_alt(dout, norm_caches[i])
                elif self.normalization == "layernorm":
                    dout, grads[f"gamma{i}"], grads[f"beta{i}"] = layernorm_backward(dout, norm_caches[i])
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{i}"] = inputs[i].T.dot(dout) + self.reg * W
            grads[f"b{i}"] = dout.sum(axis=0)
            dout = dout.dot(W.T)

        return loss, grads
