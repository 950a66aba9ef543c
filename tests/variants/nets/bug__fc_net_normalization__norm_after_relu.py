"""FullyConnectedNet that normalizes after the nonlinearity, affine - relu - [batch/layer norm] - [dropout], the order some blog posts argue for, but not the docstring's affine - norm - relu. The layers are called directly (affine_forward, relu_forward, batchnorm_forward / layernorm_forward) and backpropagated in the matching order, so the gradients are those of the network it computes; only the placement of the normalization is wrong. Without normalization it is the docstring's net."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {"fc_net_normalization": "before the ReLU"}

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
        caches = []
        h = X
        for i in range(1, L):
            h, fc = affine_forward(h, self.params[f"W{i}"], self.params[f"b{i}"])
            h, rl = relu_forward(h)
            nm = None
            if self.normalization == "batchnorm":
                h, nm = batchnorm_forward(h, self.params[f"gamma{i}"], self.params[f"beta{i}"], self.bn_params[i - 1])
            elif self.normalization == "layernorm":
                h, nm = layernorm_forward(h, self.params[f"gamma{i}"], self.params[f"beta{i}"], self.bn_params[i - 1])
            dp = None
            if self.use_dropout:
                h, dp = dropout_forward(h, self.dropout_param)
            caches.append((fc, rl, nm, dp))
        scores, out_cache = affine_forward(h, self.params[f"W{L}"], self.params[f"b{L}"])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dh = softmax_loss(scores, y)
        dh, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dh, out_cache)
        for i in range(L - 1, 0, -1):
            fc, rl, nm, dp = caches[i - 1]
            if self.use_dropout:
                dh = dropout_backward(dh, dp)
            if self.normalization == "batchnorm":
                dh, grads[f"gamma{i}"], grads[f"beta{i}"] = batchnorm_backward_alt(dh, nm)
            elif self.normalization == "layernorm":
                dh, grads[f"gamma{i}"], grads[f"beta{i}"] = layernorm_backward(dh, nm)
            dh = relu_backward(dh, rl)
            dh, grads[f"W{i}"], grads[f"b{i}"] = affine_backward(dh, fc)

        for i in range(1, L + 1):
            W = self.params[f"W{i}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{i}"] += self.reg * W
        return loss, grads
