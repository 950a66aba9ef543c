"""FullyConnectedNet.loss that reads gamma{i} and beta{i} correctly in the forward pass but stores their gradients as grads['gamma' + str(i - 1)] and grads['beta' + str(i - 1)] in the backward loop (the i - 1 of self.bn_params[i - 1] carried over to the names): grads gets keys gamma0/beta0, lacks gamma(L-1)/beta(L-1), and every other gamma/beta receives its neighbour's gradient. The W and b gradients are right; otherwise the docstring's sandwich-helper net."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {"fc_net_normalization": "gamma"}

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
        L = self.num_layers
        caches = []
        out = X
        for i in range(1, L):
            W, b = self.params["W" + str(i)], self.params["b" + str(i)]
            if self.normalization:
                out, c = affine_norm_relu_forward(out, W, b, self.params["gamma" + str(i)],
                                                  self.params["beta" + str(i)], self.bn_params[i - 1],
                                                  self.normalization)
            else:
                out, c = affine_relu_forward(out, W, b)
            caches.append(c)
            if self.use_dropout:
                out, c = dropout_forward(out, self.dropout_param)
                caches.append(c)
        scores, c = affine_forward(out, self.params["W" + str(L)], self.params["b" + str(L)])
        caches.append(c)

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dout = softmax_loss(scores, y)
        dout, grads["W" + str(L)], grads["b" + str(L)] = affine_backward(dout, caches.pop())
        for i in range(L - 1, 0, -1):
            if self.use_dropout:
                dout = dropout_backward(dout, caches.pop())
            if self.normalization:
                dout, dW, db, dgamma, dbeta = affine_norm_relu_backward(dout, caches.pop())
                grads["gamma" + str(i - 1)] = dgamma
                grads["beta" + str(i - 1)] = dbeta
            else:
                dout, dW, db = affine_relu_backward(dout, caches.pop())
            grads["W" + str(i)] = dW
            grads["b" + str(i)] = db

        for i in range(1, L + 1):
            W = self.params["W" + str(i)]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads["W" + str(i)] += self.reg * W
        return loss, grads
