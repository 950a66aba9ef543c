"""Bug: TwoLayerNet whose backward pass is written in the column-vector convention of Andrew Ng's Deep Learning Specialization (examples as columns: dZ2 = A2 - Y, dW2 = dZ2 @ A1.T / m, "db2 = np.sum(dZ2, axis=1, keepdims=True) / m"), transposed back where the weights need it, with the biases created as the docstring says, np.zeros(H) and np.zeros(C): the bias gradients come back as columns of shape (H, 1) and (C, 1). The values are right, and so are the loss, the scores and the weight gradients, but the bias gradients do not broadcast like their parameters: an update b1 - lr * db1 gives an (H, H) array, and the next forward pass fails (or, when N == H, silently adds a matrix)."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {"two_layer_net": "expected shape"}

import numpy as np


class TwoLayerNet:
    def loss(self, X, y=None):
        scores = None
        hidden, cache1 = affine_relu_forward(X, self.params["W1"], self.params["b1"])
        scores, cache2 = affine_forward(hidden, self.params["W2"], self.params["b2"])

        if y is None:
            return scores

        loss, grads = 0, {}
        W1, W2 = self.params["W1"], self.params["W2"]
        loss, dscores = softmax_loss(scores, y)
        loss += 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))

        m = X.shape[0]
        A0 = X.reshape(m, -1).T            # (D, m)
        A1 = hidden.T                      # (H, m)
        dZ2 = dscores.T                    # (C, m), already divided by m by softmax_loss
        grads["W2"] = (dZ2 @ A1.T).T + self.reg * W2
        grads["b2"] = np.sum(dZ2, axis=1, keepdims=True)
        dA1 = W2 @ dZ2                     # (H, m)
        dZ1 = dA1 * (A1 > 0)
        grads["W1"] = (dZ1 @ A0.T).T + self.reg * W1
        grads["b1"] = np.sum(dZ1, axis=1, keepdims=True)
        return loss, grads
