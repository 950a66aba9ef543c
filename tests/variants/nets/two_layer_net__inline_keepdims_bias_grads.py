"""TwoLayerNet written out in NumPy in the style of the cs231n notes' "Putting it together: Minimal Neural Network Case Study" (hidden_layer = np.maximum(0, np.dot(X, W) + b); dscores; dW = np.dot(hidden_layer.T, dscores); "db = np.sum(dscores, axis=0, keepdims=True)"), with the biases created as the docstring says, np.zeros(H) and np.zeros(C): the bias gradients therefore come back as (1, H) and (1, C) rows. The softmax is the shifted (stable) one with the loss averaged over the batch and 0.5 * reg * sum(W * W) per weight matrix. Difference from the docstring: grads["b1"] and grads["b2"] have shape (1, H) and (1, C) instead of their parameters' (H,) and (C,); they broadcast the same, so an update step turns the bias into a (1, H) row, which the net (and the layers) treat exactly like an (H,) one."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

import numpy as np


class TwoLayerNet:
    def loss(self, X, y=None):
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        N = X.shape[0]
        X2 = X.reshape(N, -1)

        hidden_layer = np.maximum(0, np.dot(X2, W1) + b1)
        scores = np.dot(hidden_layer, W2) + b2

        if y is None:
            return scores

        shifted = scores - np.max(scores, axis=1, keepdims=True)
        exp_scores = np.exp(shifted)
        probs = exp_scores / np.sum(exp_scores, axis=1, keepdims=True)
        data_loss = -np.sum(np.log(probs[np.arange(N), y])) / N
        reg_loss = 0.5 * self.reg * np.sum(W1 * W1) + 0.5 * self.reg * np.sum(W2 * W2)
        loss = data_loss + reg_loss

        dscores = probs
        dscores[np.arange(N), y] -= 1
        dscores /= N

        grads = {}
        grads["W2"] = np.dot(hidden_layer.T, dscores) + self.reg * W2
        grads["b2"] = np.sum(dscores, axis=0, keepdims=True)
        dhidden = np.dot(dscores, W2.T)
        dhidden[hidden_layer <= 0] = 0
        grads["W1"] = np.dot(X2.T, dhidden) + self.reg * W1
        grads["b1"] = np.sum(dhidden, axis=0, keepdims=True)
        return loss, grads
