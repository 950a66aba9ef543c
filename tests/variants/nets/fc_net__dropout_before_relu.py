"""FullyConnectedNet.loss that puts dropout between the affine (or normalization) layer and the ReLU: affine - [norm] - dropout - relu, a placement some students (and some Keras examples, which put Dropout before Activation) use. With inverted dropout the mask holds only 0 and 1/p, both >= 0, and ReLU is positively homogeneous (max(0, m * a) = m * max(0, a) for m >= 0), so the outputs, the gradients and the random draws are exactly those of the docstring's relu - dropout order. No difference from the docstring in behaviour; only the order of two commuting layers differs."""
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
        stack = []
        x = X
        for i in range(1, L):
            x, c_fc = affine_forward(x, self.params[f"W{i}"], self.params[f"b{i}"])
            c_norm = None
            if self.normalization == "batchnorm":
                x, c_norm = batchnorm_forward(x, self.params[f"gamma{i}"], self.params[f"beta{i}"],
                                              self.bn_params[i - 1])
            elif self.normalization == "layernorm":
                x, c_norm = layernorm_forward(x, self.params[f"gamma{i}"], self.params[f"beta{i}"],
                                              self.bn_params[i - 1])
            c_drop = None
            if self.use_dropout:
                x, c_drop = dropout_forward(x, self.dropout_param)
            x, c_relu = relu_forward(x)
            stack.append((c_fc, c_norm, c_drop, c_relu))
        scores, c_out = affine_forward(x, self.params[f"W{L}"], self.params[f"b{L}"])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dx = softmax_loss(scores, y)
        dx, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dx, c_out)
        for i in range(L - 1, 0, -1):
            c_fc, c_norm, c_drop, c_relu = stack.pop()
            dx = relu_backward(dx, c_relu)
            if self.use_dropout:
                dx = dropout_backward(dx, c_drop)
            if self.normalization == "batchnorm":
                dx, grads[f"gamma{i}"], grads[f"beta{i}"] = batchnorm_backward_alt(dx, c_norm)
            elif self.normalization == "layernorm":
                dx, grads[f"gamma{i}"], grads[f"beta{i}"] = layernorm_backward(dx, c_norm)
            dx, grads[f"W{i}"], grads[f"b{i}"] = affine_backward(dx, c_fc)

        for i in range(1, L + 1):
            W = self.params[f"W{i}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{i}"] += self.reg * W
        return loss, grads
