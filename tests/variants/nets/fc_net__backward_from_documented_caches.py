"""FullyConnectedNet that calls affine_forward, relu_forward and dropout_forward one by one and, in the backward pass, uses the caches of the ReLU and of dropout directly as their docstrings lay them out instead of calling their backward functions: the ReLU's cache is its input x, so the gradient is dout * (cache > 0); dropout's cache is (dropout_param, mask) with out = x * mask, so the gradient is dout * mask (the "backprop through a mask is a multiplication" shortcut of the cs231n notes on dropout, "H1 *= U1 # drop!"); only the affine layers are differentiated by affine_backward. Normalized nets use the given affine_norm_relu sandwich. Difference from the docstring: none in behaviour; the net depends on the documented layout of the ReLU and dropout caches."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

import numpy as np

from ..layers import relu_forward


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
        steps = []   # (kind, cache) in forward order
        h = X
        for i in range(1, self.num_layers):
            W, b = self.params[f"W{i}"], self.params[f"b{i}"]
            if self.normalization:
                h, c = affine_norm_relu_forward(h, W, b, self.params[f"gamma{i}"], self.params[f"beta{i}"],
                                                self.bn_params[i - 1], self.normalization)
                steps.append(("affine_norm_relu", c))
            else:
                h, c = affine_forward(h, W, b)
                steps.append(("affine", c))
                h, c = relu_forward(h)
                steps.append(("relu", c))
            if self.use_dropout:
                h, c = dropout_forward(h, self.dropout_param)
                steps.append(("dropout", c))
        L = self.num_layers
        scores, c = affine_forward(h, self.params[f"W{L}"], self.params[f"b{L}"])
        steps.append(("affine", c))

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, d = softmax_loss(scores, y)
        layer = L
        for kind, c in reversed(steps):
            if kind == "dropout":
                _, mask = c
                d = d * mask
            elif kind == "relu":
                d = d * (c > 0)
            elif kind == "affine":
                d, grads[f"W{layer}"], grads[f"b{layer}"] = affine_backward(d, c)
                layer -= 1
            else:
                d, grads[f"W{layer}"], grads[f"b{layer}"], grads[f"gamma{layer}"], grads[f"beta{layer}"] = \
                    affine_norm_relu_backward(d, c)
                layer -= 1

        for i in range(1, L + 1):
            W = self.params[f"W{i}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{i}"] = grads[f"W{i}"] + self.reg * W
        return loss, grads
