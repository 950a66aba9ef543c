"""TwoLayerNet that calls the layers for the forward pass but does the backward pass itself from their caches, as documented in the layers' docstrings: the affine cache is (x, w, b) and the ReLU cache is its input x, so the student unpacks x1, w1, _ = fc1_cache, computes the ReLU gradient as dh * (relu_cache > 0) and dW1 = x1.reshape(N, -1).T @ da1 by hand, and only calls affine_backward for the output layer (a mix seen in submissions that wrote the two-layer net before the layer functions were finished). Loss, regularization and biases (H,) as in the docstring. Difference from the docstring: none in behaviour; the net depends on the documented layout of the affine and ReLU caches."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

import numpy as np

from ..layers import relu_forward


class TwoLayerNet:
    def loss(self, X, y=None):
        scores = None
        a1, fc1_cache = affine_forward(X, self.params["W1"], self.params["b1"])
        h1, relu_cache = relu_forward(a1)
        scores, fc2_cache = affine_forward(h1, self.params["W2"], self.params["b2"])

        if y is None:
            return scores

        loss, grads = 0, {}
        loss, dscores = softmax_loss(scores, y)
        W1, W2 = self.params["W1"], self.params["W2"]
        loss += 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        dh1, grads["W2"], grads["b2"] = affine_backward(dscores, fc2_cache)
        grads["W2"] += self.reg * W2
        # ReLU: its cache is its input
        da1 = dh1 * (relu_cache > 0)
        # first affine layer: its cache is (x, w, b)
        x1, w1, _ = fc1_cache
        N = x1.shape[0]
        grads["W1"] = x1.reshape(N, -1).T @ da1 + self.reg * w1
        grads["b1"] = da1.sum(axis=0)
        return loss, grads
