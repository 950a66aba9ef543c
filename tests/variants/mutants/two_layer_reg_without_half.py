"""TwoLayerNet whose loss adds reg * (sum(W1 * W1) + sum(W2 * W2)) without the factor 0.5, while the gradients add
reg * W (the derivative of the term with 0.5)."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {"two_layer_net": "should be 0.5 * reg"}
MISTAKE = "two_layer_net/reg_without_half"
PUBLIC = True

import numpy as np


class TwoLayerNet:
    def loss(self, X, y=None):
        scores = None
        hidden, hidden_cache = affine_relu_forward(X, self.params["W1"], self.params["b1"])
        scores, scores_cache = affine_forward(hidden, self.params["W2"], self.params["b2"])

        if y is None:
            return scores

        loss, grads = 0, {}
        W1, W2 = self.params["W1"], self.params["W2"]
        loss, dscores = softmax_loss(scores, y)
        loss += self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, scores_cache)
        _, grads["W1"], grads["b1"] = affine_relu_backward(dhidden, hidden_cache)
        grads["W1"] += self.reg * W1
        grads["W2"] += self.reg * W2
        return loss, grads
