"""FullyConnectedNet.loss that upcasts data and parameters to float64 for the passes and casts scores and gradients back to the model's dtype."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

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

        # float64 for accuracy inside, the model's dtype for what goes out
        X64 = X.astype(np.float64)
        p = {name: value.astype(np.float64) for name, value in self.params.items()}

        scores = None
        caches = []
        out = X64
        for i in range(1, self.num_layers):
            if self.normalization is not None:
                out, cache = affine_norm_relu_forward(out, p[f"W{i}"], p[f"b{i}"], p[f"gamma{i}"], p[f"beta{i}"],
                                                      self.bn_params[i - 1], self.normalization)
            else:
                out, cache = affine_relu_forward(out, p[f"W{i}"], p[f"b{i}"])
            caches.append(cache)
            if self.use_dropout:
                out, cache = dropout_forward(out, self.dropout_param)
                caches.append(cache)
        L = self.num_layers
        scores, cache = affine_forward(out, p[f"W{L}"], p[f"b{L}"])
        caches.append(cache)

        if mode == "test":
            return scores.astype(self.dtype)

        loss, grads = 0.0, {}
        loss, dout = softmax_loss(scores, y)
        loss += 0.5 * self.reg * sum(np.sum(p[f"W{i}"] ** 2) for i in range(1, L + 1))
        dout, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dout, caches.pop())
        for i in range(L - 1, 0, -1):
            if self.use_dropout:
                dout = dropout_backward(dout, caches.pop())
            if self.normalization is not None:
                dout, grads[f"W{i}"], grads[f"b{i}"], grads[f"gamma{i}"], grads[f"beta{i}"] = \
                    affine_norm_relu_backward(dout, caches.pop())
            else:
                dout, grads[f"W{i}"], grads[f"b{i}"] = affine_relu_backward(dout, caches.pop())
        for i in range(1, L + 1):
            grads[f"W{i}"] += self.reg * p[f"W{i}"]

        grads = {name: grad.astype(self.dtype) for name, grad in grads.items()}
        return float(loss), grads
