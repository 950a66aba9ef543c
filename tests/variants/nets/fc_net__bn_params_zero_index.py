"""FullyConnectedNet.loss with a 0-based layer loop that passes self.bn_params[i] to the sandwich for batchnorm and layernorm alike."""
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

        scores = None
        n_hidden = self.num_layers - 1
        caches, do_caches = [], []
        x = X
        for i in range(n_hidden):
            w, b = self.params[f"W{i + 1}"], self.params[f"b{i + 1}"]
            if self.normalization == "batchnorm" or self.normalization == "layernorm":
                x, c = affine_norm_relu_forward(x, w, b, self.params[f"gamma{i + 1}"], self.params[f"beta{i + 1}"],
                                                self.bn_params[i], self.normalization)
            else:
                x, c = affine_relu_forward(x, w, b)
            caches.append(c)
            if self.use_dropout:
                x, c = dropout_forward(x, self.dropout_param)
                do_caches.append(c)
        scores, c = affine_forward(x, self.params[f"W{n_hidden + 1}"], self.params[f"b{n_hidden + 1}"])
        caches.append(c)

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, d = softmax_loss(scores, y)
        d, grads[f"W{n_hidden + 1}"], grads[f"b{n_hidden + 1}"] = affine_backward(d, caches[n_hidden])
        for i in reversed(range(n_hidden)):
            if self.use_dropout:
                d = dropout_backward(d, do_caches[i])
            if self.normalization == "batchnorm" or self.normalization == "layernorm":
                d, dw, db, dgamma, dbeta = affine_norm_relu_backward(d, caches[i])
                grads[f"gamma{i + 1}"] = dgamma
                grads[f"beta{i + 1}"] = dbeta
            else:
                d, dw, db = affine_relu_backward(d, caches[i])
            grads[f"W{i + 1}"] = dw
            grads[f"b{i + 1}"] = db
        for i in range(self.num_layers):
            w = self.params[f"W{i + 1}"]
            loss += 0.5 * self.reg * np.sum(w * w)
            grads[f"W{i + 1}"] = grads[f"W{i + 1}"] + self.reg * w

        return loss, grads
