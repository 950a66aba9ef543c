"""FullyConnectedNet that creates every bias as a (1, fan_out) row, np.zeros((1, dims[i])) (as in many NumPy tutorials and in the two-layer nets students wrote before), and otherwise follows the TODO: affine_relu_forward then dropout_forward per hidden layer, affine_forward for the scores, the backward in reverse with dropout_backward, affine_relu_backward and affine_backward, whose db comes back as (fan_out,) and goes into grads as it is; regularization of every W in a loop at the end. Difference from the docstring: the biases have shape (1, H) and their gradients shape (H,) instead of "same shape"; both broadcast the same, and every update rule gives the bias back as a (1, H) row, so training is unchanged."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

import numpy as np

from ..solver import random_state


class FullyConnectedNet:
    def __init__(self, hidden_dims, input_dim=3 * 32 * 32, num_classes=10, dropout_keep_ratio=1,
                 normalization=None, reg=0.0, weight_scale=1e-2, dtype=np.float32, seed=None):
        if normalization not in (None, "batchnorm", "layernorm"):
            raise ValueError(f"normalization must be None, 'batchnorm' or 'layernorm', got {normalization!r}")
        self.normalization = normalization
        self.use_dropout = dropout_keep_ratio != 1
        self.reg = reg
        self.num_layers = 1 + len(hidden_dims)
        self.dtype = dtype
        self.params = {}
        self.config = {
            "model": type(self).__name__,
            "hidden_dims": [int(h) for h in hidden_dims],
            "input_dim": int(input_dim),
            "num_classes": int(num_classes),
            "dropout_keep_ratio": float(dropout_keep_ratio),
            "normalization": normalization,
            "reg": float(reg),
            "weight_scale": float(weight_scale),
            "dtype": np.dtype(dtype).name,
            "seed": seed,
            "random_state": random_state(),
        }

        layer_dims = [input_dim] + list(hidden_dims) + [num_classes]
        for i in range(self.num_layers):
            self.params["W" + str(i + 1)] = weight_scale * np.random.randn(layer_dims[i], layer_dims[i + 1])
            self.params["b" + str(i + 1)] = np.zeros((1, layer_dims[i + 1]))
            if normalization is not None and i < self.num_layers - 1:
                self.params["gamma" + str(i + 1)] = np.ones(layer_dims[i + 1])
                self.params["beta" + str(i + 1)] = np.zeros(layer_dims[i + 1])

        self.dropout_param = {}
        if self.use_dropout:
            self.dropout_param = {"mode": "train", "p": dropout_keep_ratio}
            if seed is not None:
                self.dropout_param["seed"] = seed

        self.bn_params = []
        if normalization == "batchnorm":
            self.bn_params = [{"mode": "train"} for _ in range(self.num_layers - 1)]
        elif normalization == "layernorm":
            self.bn_params = [{} for _ in range(self.num_layers - 1)]

        for name, value in self.params.items():
            self.params[name] = value.astype(dtype)

    def loss(self, X, y=None):
        X = X.astype(self.dtype, copy=False)
        mode = "test" if y is None else "train"
        if self.use_dropout:
            self.dropout_param["mode"] = mode
        if self.normalization == "batchnorm":
            for bn_param in self.bn_params:
                bn_param["mode"] = mode

        scores = None
        fc_caches, drop_caches = {}, {}
        out = X
        for i in range(1, self.num_layers):
            w, b = self.params["W" + str(i)], self.params["b" + str(i)]
            if self.normalization is not None:
                out, fc_caches[i] = affine_norm_relu_forward(out, w, b, self.params["gamma" + str(i)],
                                                             self.params["beta" + str(i)], self.bn_params[i - 1],
                                                             self.normalization)
            else:
                out, fc_caches[i] = affine_relu_forward(out, w, b)
            if self.use_dropout:
                out, drop_caches[i] = dropout_forward(out, self.dropout_param)
        L = self.num_layers
        scores, fc_caches[L] = affine_forward(out, self.params["W" + str(L)], self.params["b" + str(L)])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dout = softmax_loss(scores, y)
        dout, grads["W" + str(L)], grads["b" + str(L)] = affine_backward(dout, fc_caches[L])
        for i in reversed(range(1, L)):
            if self.use_dropout:
                dout = dropout_backward(dout, drop_caches[i])
            if self.normalization is not None:
                dout, dw, db, dgamma, dbeta = affine_norm_relu_backward(dout, fc_caches[i])
                grads["gamma" + str(i)], grads["beta" + str(i)] = dgamma, dbeta
            else:
                dout, dw, db = affine_relu_backward(dout, fc_caches[i])
            grads["W" + str(i)], grads["b" + str(i)] = dw, db

        for i in range(1, L + 1):
            w = self.params["W" + str(i)]
            loss += 0.5 * self.reg * np.sum(w * w)
            grads["W" + str(i)] = grads["W" + str(i)] + self.reg * w
        return loss, grads
