"""FullyConnectedNet that applies dropout after every affine layer, the output scores included."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {"fc_net": "dropout also follows the output layer"}

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
        caches, dropout_caches = {}, {}
        out = X
        L = self.num_layers
        for i in range(1, L + 1):
            W, b = self.params[f"W{i}"], self.params[f"b{i}"]
            if i == L:
                out, caches[i] = affine_forward(out, W, b)
            elif self.normalization:
                out, caches[i] = affine_norm_relu_forward(out, W, b, self.params[f"gamma{i}"],
                                                          self.params[f"beta{i}"], self.bn_params[i - 1],
                                                          self.normalization)
            else:
                out, caches[i] = affine_relu_forward(out, W, b)
            if self.use_dropout:
                out, dropout_caches[i] = dropout_forward(out, self.dropout_param)
        scores = out

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dout = softmax_loss(scores, y)
        for i in range(L, 0, -1):
            if self.use_dropout:
                dout = dropout_backward(dout, dropout_caches[i])
            if i == L:
                dout, grads[f"W{i}"], grads[f"b{i}"] = affine_backward(dout, caches[i])
            elif self.normalization:
                dout, grads[f"W{i}"], grads[f"b{i}"], grads[f"gamma{i}"], grads[f"beta{i}"] = \
                    affine_norm_relu_backward(dout, caches[i])
            else:
                dout, grads[f"W{i}"], grads[f"b{i}"] = affine_relu_backward(dout, caches[i])
            W = self.params[f"W{i}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{i}"] += self.reg * W

        return loss, grads
