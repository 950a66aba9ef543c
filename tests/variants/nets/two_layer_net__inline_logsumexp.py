"""TwoLayerNet whose loss is computed inline rather than with softmax_loss: the numerically stable log-sum-exp form of the softmax cross-entropy (log p = s - max(s) - log sum exp(s - max(s)), as in the cs231n "Softmax classifier" notes and scipy.special.logsumexp), dscores = (softmax - one_hot) / N; the layers go through affine_relu_forward / affine_forward, the penalty is written (W**2).sum(), all weights are set before the biases, which come from np.zeros(n, dtype=np.float64). No difference from the docstring."""
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
        # weights first (W1 before W2), then the biases
        self.params["W1"] = np.random.randn(input_dim, hidden_dim) * weight_scale
        self.params["W2"] = np.random.randn(hidden_dim, num_classes) * weight_scale
        self.params["b1"] = np.zeros(hidden_dim, dtype=np.float64)
        self.params["b2"] = np.zeros(num_classes, dtype=np.float64)

    def loss(self, X, y=None):
        hidden, hidden_cache = affine_relu_forward(X, self.params["W1"], self.params["b1"])
        scores, out_cache = affine_forward(hidden, self.params["W2"], self.params["b2"])

        if y is None:
            return scores

        N = scores.shape[0]
        # softmax cross-entropy by hand, shifted so exp never overflows
        shifted = scores - np.max(scores, axis=1, keepdims=True)
        log_norm = np.log(np.sum(np.exp(shifted), axis=1, keepdims=True))
        log_probs = shifted - log_norm
        loss = -np.mean(log_probs[np.arange(N), y])
        loss += 0.5 * self.reg * ((self.params["W1"] ** 2).sum() + (self.params["W2"] ** 2).sum())

        dscores = np.exp(log_probs)
        dscores[np.arange(N), y] -= 1.0
        dscores /= N

        grads = {}
        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, out_cache)
        _, grads["W1"], grads["b1"] = affine_relu_backward(dhidden, hidden_cache)
        grads["W2"] += self.reg * self.params["W2"]
        grads["W1"] += self.reg * self.params["W1"]
        return loss, grads
