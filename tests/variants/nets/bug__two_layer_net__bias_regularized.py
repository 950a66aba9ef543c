"""TwoLayerNet that puts every parameter under the L2 penalty, biases included: loss += 0.5 * reg * sum of squares of W1, b1, W2, b2 and grads[b] += reg * b (a forum-classic slip of looping over self.params instead of the weights; the docstring says biases are not regularized). Otherwise the sandwich-helper net of the docstring."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {"two_layer_net": "biases are not regularized"}

import numpy as np


class TwoLayerNet:
    def loss(self, X, y=None):
        hidden, hidden_cache = affine_relu_forward(X, self.params["W1"], self.params["b1"])
        scores, scores_cache = affine_forward(hidden, self.params["W2"], self.params["b2"])

        if y is None:
            return scores

        grads = {}
        loss, dscores = softmax_loss(scores, y)
        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, scores_cache)
        _, grads["W1"], grads["b1"] = affine_relu_backward(dhidden, hidden_cache)

        for name, value in self.params.items():
            loss += 0.5 * self.reg * np.sum(value * value)
            grads[name] += self.reg * value
        return loss, grads
