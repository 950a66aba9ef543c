"""FullyConnectedNet.loss that sets the dropout mode the wrong way round, self.dropout_param['mode'] = 'train' if y is None else 'test': the training pass (y given) runs dropout as the identity and the test-time pass (y None) drops units, i.e. dropout at test time only. The batchnorm modes are set as given; the rest is the docstring's sandwich-helper net."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {'fc_net': 'when y is None'}

import numpy as np


class FullyConnectedNet:
    def loss(self, X, y=None):
        X = X.astype(self.dtype, copy=False)
        mode = "test" if y is None else "train"
        if self.use_dropout:
            # dropout is "on" when we are not evaluating the labels
            self.dropout_param["mode"] = "train" if y is None else "test"
        if self.normalization == "batchnorm":
            for bn_param in self.bn_params:
                bn_param["mode"] = mode

        scores = None
        L = self.num_layers
        caches = []
        out = X
        for i in range(1, L):
            if self.normalization:
                out, c = affine_norm_relu_forward(out, self.params[f"W{i}"], self.params[f"b{i}"],
                                                  self.params[f"gamma{i}"], self.params[f"beta{i}"],
                                                  self.bn_params[i - 1], self.normalization)
            else:
                out, c = affine_relu_forward(out, self.params[f"W{i}"], self.params[f"b{i}"])
            d = None
            if self.use_dropout:
                out, d = dropout_forward(out, self.dropout_param)
            caches.append((c, d))
        scores, last = affine_forward(out, self.params[f"W{L}"], self.params[f"b{L}"])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dout = softmax_loss(scores, y)
        dout, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dout, last)
        for i in range(L - 1, 0, -1):
            c, d = caches[i - 1]
            if self.use_dropout:
                dout = dropout_backward(dout, d)
            if self.normalization:
                dout, grads[f"W{i}"], grads[f"b{i}"], grads[f"gamma{i}"], grads[f"beta{i}"] = \
                    affine_norm_relu_backward(dout, c)
            else:
                dout, grads[f"W{i}"], grads[f"b{i}"] = affine_relu_backward(dout, c)
        for i in range(1, L + 1):
            W = self.params[f"W{i}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{i}"] += self.reg * W
        return loss, grads
