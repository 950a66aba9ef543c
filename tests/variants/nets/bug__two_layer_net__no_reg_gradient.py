"""TwoLayerNet that adds 0.5 * reg * (np.linalg.norm(W1, 'fro')**2 + np.linalg.norm(W2, 'fro')**2) to the loss but stores the raw affine_backward gradients, without reg * W (the loss and its gradient disagree as soon as reg > 0). Otherwise the sandwich-helper net of the docstring."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {"two_layer_net": "lacks the regularization term"}

import numpy as np


class TwoLayerNet:
    def loss(self, X, y=None):
        W1, b1, W2, b2 = self.params["W1"], self.params["b1"], self.params["W2"], self.params["b2"]
        h, cache_h = affine_relu_forward(X, W1, b1)
        scores, cache_out = affine_forward(h, W2, b2)

        if y is None:
            return scores

        loss, dscores = softmax_loss(scores, y)
        loss += 0.5 * self.reg * (np.linalg.norm(W1, "fro") ** 2 + np.linalg.norm(W2, "fro") ** 2)

        grads = {}
        dh, grads["W2"], grads["b2"] = affine_backward(dscores, cache_out)
        _, grads["W1"], grads["b1"] = affine_relu_backward(dh, cache_h)
        return loss, grads
