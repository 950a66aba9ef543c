"""TwoLayerNet drawn with np.random.normal, biases as (1, H) row vectors, the passes written out in numpy."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

import numpy as np

from ..solver import random_state


class TwoLayerNet:
    def __init__(self, input_dim=3 * 32 * 32, hidden_dim=100, num_classes=10, weight_scale=1e-3, reg=0.0):
        self.params = {}
        self.reg = reg
        self.config = {
            "model": type(self).__name__,
            "hidden_dims": [int(hidden_dim)],
            "input_dim": int(input_dim),
            "num_classes": int(num_classes),
            "reg": float(reg),
            "weight_scale": float(weight_scale),
            "dtype": "float64",
            "random_state": random_state(),
        }
        # normal(0, std) is the same draw as std * randn
        self.params["W1"] = np.random.normal(0.0, weight_scale, (input_dim, hidden_dim))
        self.params["b1"] = np.zeros((1, hidden_dim))
        self.params["W2"] = np.random.normal(0.0, weight_scale, (hidden_dim, num_classes))
        self.params["b2"] = np.zeros((1, num_classes))

    def loss(self, X, y=None):
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]
        X_flat = X.reshape(X.shape[0], -1)

        hidden = np.maximum(0, X_flat.dot(W1) + b1)   # b1 broadcasts over the rows
        scores = hidden.dot(W2) + b2

        if y is None:
            return scores

        grads = {}
        loss, dscores = softmax_loss(scores, y)
        loss += 0.5 * self.reg * (np.sum(W1 ** 2) + np.sum(W2 ** 2))

        grads["W2"] = hidden.T.dot(dscores) + self.reg * W2
        grads["b2"] = np.sum(dscores, axis=0).reshape(b2.shape)
        dhidden = dscores.dot(W2.T)
        dhidden[hidden <= 0] = 0
        grads["W1"] = X_flat.T.dot(dhidden) + self.reg * W1
        grads["b1"] = np.sum(dhidden, axis=0).reshape(b1.shape)
        return loss, grads
