"""TwoLayerNet that stores its biases as (1, H) and (1, C) rows, np.zeros((1, hidden_dim)) (the row-vector habit of many NumPy tutorials, where a bias is "one row broadcast over the batch"), and otherwise follows the TODO word for word: affine_relu_forward and affine_forward, softmax_loss, affine_backward and affine_relu_backward, whose db comes back as (H,) and (C,) and is stored in grads as it is: the case of issue 28. Difference from the docstring: b1 and b2 have shape (1, H) and (1, C), and their gradients shape (H,) and (C,) instead of "shaped like its parameter"; both broadcast the same, and every update rule gives the parameter back in its (1, H) shape (w - lr * dw, and the rules' state arrays are zeros_like(w)), so training is unchanged."""
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
        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)
        self.params["b1"] = np.zeros((1, hidden_dim))
        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)
        self.params["b2"] = np.zeros((1, num_classes))

    def loss(self, X, y=None):
        scores = None
        h1, cache1 = affine_relu_forward(X, self.params["W1"], self.params["b1"])
        scores, cache2 = affine_forward(h1, self.params["W2"], self.params["b2"])

        if y is None:
            return scores

        loss, grads = 0, {}
        loss, dscores = softmax_loss(scores, y)
        W1, W2 = self.params["W1"], self.params["W2"]
        loss += 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        dh1, dW2, db2 = affine_backward(dscores, cache2)
        _, dW1, db1 = affine_relu_backward(dh1, cache1)
        grads["W1"] = dW1 + self.reg * W1
        grads["b1"] = db1
        grads["W2"] = dW2 + self.reg * W2
        grads["b2"] = db2
        return loss, grads
