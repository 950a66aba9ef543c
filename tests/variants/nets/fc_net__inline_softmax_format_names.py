"""FullyConnectedNet.loss that computes the softmax cross-entropy inline, in the numerically stable log-sum-exp form (probabilities from exp(s - max s) normalized, loss = mean of log-sum-exp minus the correct score, dscores = (p - one_hot) / N, as in the cs231n softmax notes), names parameters with 'W{}'.format(i), runs the hidden layers through the layer_utils sandwiches with one dict of caches per layer ({'layer': ..., 'dropout': ...}), and writes the penalty (W ** 2).sum(). No difference from the docstring (the loss agrees with softmax_loss to rounding)."""
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
        num = self.num_layers
        caches = []
        a = X
        for i in range(1, num):
            W, b = self.params["W{}".format(i)], self.params["b{}".format(i)]
            layer = {}
            if self.normalization in ("batchnorm", "layernorm"):
                gamma, beta = self.params["gamma{}".format(i)], self.params["beta{}".format(i)]
                a, layer["layer"] = affine_norm_relu_forward(a, W, b, gamma, beta, self.bn_params[i - 1],
                                                             self.normalization)
            else:
                a, layer["layer"] = affine_relu_forward(a, W, b)
            if self.use_dropout:
                a, layer["dropout"] = dropout_forward(a, self.dropout_param)
            caches.append(layer)
        scores, out_cache = affine_forward(a, self.params["W{}".format(num)], self.params["b{}".format(num)])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        N = scores.shape[0]
        top = scores.max(axis=1, keepdims=True)
        exp_scores = np.exp(scores - top)
        sum_exp = exp_scores.sum(axis=1, keepdims=True)
        probs = exp_scores / sum_exp
        correct = scores[np.arange(N), y]
        loss = np.mean(np.log(sum_exp[:, 0]) + top[:, 0] - correct)
        dscores = probs.copy()
        dscores[np.arange(N), y] -= 1
        dscores /= N

        for i in range(1, num + 1):
            loss += 0.5 * self.reg * (self.params["W{}".format(i)] ** 2).sum()

        da, dW, db = affine_backward(dscores, out_cache)
        grads["W{}".format(num)] = dW + self.reg * self.params["W{}".format(num)]
        grads["b{}".format(num)] = db
        for i in range(num - 1, 0, -1):
            layer = caches[i - 1]
            if self.use_dropout:
                da = dropout_backward(da, layer["dropout"])
            if self.normalization in ("batchnorm", "layernorm"):
                da, dW, db, dgamma, dbeta = affine_norm_relu_backward(da, layer["layer"])
                grads["gamma{}".format(i)] = dgamma
                grads["beta{}".format(i)] = dbeta
            else:
                da, dW, db = affine_relu_backward(da, layer["layer"])
            grads["W{}".format(i)] = dW + self.reg * self.params["W{}".format(i)]
            grads["b{}".format(i)] = db

        return loss, grads
