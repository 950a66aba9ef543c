"""FullyConnectedNet.loss that never calls dropout_forward, although dropout_keep_ratio < 1."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {"fc_net": "applies no dropout"}

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
        caches = {}
        out = X
        for i in range(1, self.num_layers):
            if self.normalization:
                out, caches[i] = affine_norm_relu_forward(out, self.params[f"W{i}"], self.params[f"b{i}"],
                                                          self.params[f"gamma{i}"], self.params[f"beta{i}"],
                                                          self.bn_params[i - 1], self.normalization)
            else:
                out, caches[i] = affine_relu_forward(out, self.params[f"W{i}"], self.params[f"b{i}"])
        L = self.num_layers
        scores, caches[L] = affine_forward(out, self.params[f"W{L}"], self.params[f"b{L}"])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dout = softmax_loss(scores, y)
        dout, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dout, caches[L])
        for i in range(L - 1, 0, -1):
            if self.normalization:
                dout, grads[f"W{i}"], grads[f"b{i}"], grads[f"gamma{i}"], grads[f"beta{i}"] = \
                    affine_norm_relu_backward(dout, caches[i])
            else:
                dout, grads[f"W{i}"], grads[f"b{i}"] = affine_relu_backward(dout, caches[i])
        for i in range(1, L + 1):
            W = self.params[f"W{i}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{i}"] += self.reg * W

        return loss, grads
