"""FullyConnectedNet.loss that calls dropout_forward only when training (y given), so test time draws no random numbers at all."""
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

        training = y is not None
        apply_dropout = self.use_dropout and training   # test-time dropout is the identity anyway

        scores = None
        hidden_caches, dropout_caches = {}, {}
        h = X
        for l in range(1, self.num_layers):
            args = (h, self.params["W%d" % l], self.params["b%d" % l])
            if self.normalization:
                h, hidden_caches[l] = affine_norm_relu_forward(*args, self.params["gamma%d" % l],
                                                               self.params["beta%d" % l], self.bn_params[l - 1],
                                                               self.normalization)
            else:
                h, hidden_caches[l] = affine_relu_forward(*args)
            if apply_dropout:
                h, dropout_caches[l] = dropout_forward(h, self.dropout_param)
        L = self.num_layers
        scores, out_cache = affine_forward(h, self.params["W%d" % L], self.params["b%d" % L])

        if not training:
            return scores

        loss, grads = 0.0, {}
        data_loss, dh = softmax_loss(scores, y)
        weights = [self.params["W%d" % l] for l in range(1, L + 1)]
        loss = data_loss + 0.5 * self.reg * sum(np.sum(W * W) for W in weights)

        dh, grads["W%d" % L], grads["b%d" % L] = affine_backward(dh, out_cache)
        for l in range(L - 1, 0, -1):
            if apply_dropout:
                dh = dropout_backward(dh, dropout_caches[l])
            if self.normalization:
                dh, grads["W%d" % l], grads["b%d" % l], grads["gamma%d" % l], grads["beta%d" % l] = \
                    affine_norm_relu_backward(dh, hidden_caches[l])
            else:
                dh, grads["W%d" % l], grads["b%d" % l] = affine_relu_backward(dh, hidden_caches[l])
        for l, W in enumerate(weights, start=1):
            grads["W%d" % l] = grads["W%d" % l] + self.reg * W

        return loss, grads
