"""TwoLayerNet whose biases start as Python scalars (b1 = 0, b2 = 0.0), as several cs231n forum answers do ("a bias of 0 broadcasts anyway"), with the sandwich helpers for the passes and the Frobenius norm np.linalg.norm(W, 'fro')**2 for the penalty (a common cs231n solution style). Difference from the docstring: b1 and b2 are scalars, not (H,) and (C,) arrays, so at the first call grads['b1'] has shape (H,) while params['b1'] is a scalar; the first update of an update rule that returns a new array (sgd, or sgd_momentum / rmsprop / adam written out of place) turns each bias into an (H,)/(C,) array, and from then on everything is as in the docstring; an Adam that updates its np.zeros_like(w) moments in place cannot take the scalar. The scores, loss and gradients are those of zero biases."""
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
        # weights are small gaussians, the biases just start at zero
        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)
        self.params["b1"] = 0
        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)
        self.params["b2"] = 0.0

    def loss(self, X, y=None):
        W1, b1 = self.params["W1"], self.params["b1"]
        W2, b2 = self.params["W2"], self.params["b2"]

        a1, cache1 = affine_relu_forward(X, W1, b1)
        scores, cache2 = affine_forward(a1, W2, b2)

        if y is None:
            return scores

        data_loss, dscores = softmax_loss(scores, y)
        reg_loss = 0.5 * self.reg * (np.linalg.norm(W1, "fro") ** 2 + np.linalg.norm(W2, "fro") ** 2)
        loss = data_loss + reg_loss

        da1, dW2, db2 = affine_backward(dscores, cache2)
        _, dW1, db1 = affine_relu_backward(da1, cache1)

        grads = {
            "W1": dW1 + self.reg * W1,
            "b1": db1,
            "W2": dW2 + self.reg * W2,
            "b2": db2,
        }
        return loss, grads
