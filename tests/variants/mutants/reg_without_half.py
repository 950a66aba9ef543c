"""FullyConnectedNet whose loss adds reg * sum(W * W) without the factor 0.5, while the gradients add reg * W (the
derivative of the term with 0.5)."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {"fc_net": "should be 0.5 * reg"}
MISTAKE = "fc_net/reg_without_half"
PUBLIC = True

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
        hidden = X
        for i in range(1, self.num_layers):
            W, b = self.params[f"W{i}"], self.params[f"b{i}"]
            if self.normalization:
                hidden, cache = affine_norm_relu_forward(hidden, W, b, self.params[f"gamma{i}"],
                                                         self.params[f"beta{i}"], self.bn_params[i - 1],
                                                         self.normalization)
            else:
                hidden, cache = affine_relu_forward(hidden, W, b)
            caches.append(cache)
            if self.use_dropout:
                hidden, cache = dropout_forward(hidden, self.dropout_param)
                caches.append(cache)
        L = self.num_layers
        scores, cache = affine_forward(hidden, self.params[f"W{L}"], self.params[f"b{L}"])
        caches.append(cache)

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dout = softmax_loss(scores, y)
        L = self.num_layers
        dout, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dout, caches.pop())
        for i in range(L - 1, 0, -1):
            if self.use_dropout:
                dout = dropout_backward(dout, caches.pop())
            if self.normalization:
                dout, grads[f"W{i}"], grads[f"b{i}"], grads[f"gamma{i}"], grads[f"beta{i}"] = \
                    affine_norm_relu_backward(dout, caches.pop())
            else:
                dout, grads[f"W{i}"], grads[f"b{i}"] = affine_relu_backward(dout, caches.pop())
        if self.reg:
            for i in range(1, L + 1):
                W = self.params[f"W{i}"]
                loss += self.reg * np.sum(W * W)
                grads[f"W{i}"] += self.reg * W

        return loss, grads
