"""TwoLayerNet that builds its parameters in a loop over sizes = [D, H, C] with f-string names (the way the cs231n FullyConnectedNet is usually written, reused for the two-layer net), calls affine_forward / relu_forward / affine_backward / relu_backward itself, keeps the caches in a dict {'fc1', 'relu1', 'fc2'}, and adds the penalty with np.sum(W * W) in a loop over the weight names after the backward pass. No difference from the docstring."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

import numpy as np

from ..layers import relu_backward, relu_forward
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
        sizes = [input_dim, hidden_dim, num_classes]
        for layer in range(1, len(sizes)):
            self.params[f"W{layer}"] = weight_scale * np.random.randn(sizes[layer - 1], sizes[layer])
            self.params[f"b{layer}"] = np.zeros(sizes[layer])

    def loss(self, X, y=None):
        cache = {}
        z1, cache["fc1"] = affine_forward(X, self.params["W1"], self.params["b1"])
        h1, cache["relu1"] = relu_forward(z1)
        scores, cache["fc2"] = affine_forward(h1, self.params["W2"], self.params["b2"])

        if y is None:
            return scores

        grads = {}
        loss, dscores = softmax_loss(scores, y)
        dh1, grads["W2"], grads["b2"] = affine_backward(dscores, cache["fc2"])
        dz1 = relu_backward(dh1, cache["relu1"])
        _, grads["W1"], grads["b1"] = affine_backward(dz1, cache["fc1"])

        for name in ("W1", "W2"):
            W = self.params[name]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[name] += self.reg * W
        return loss, grads
