"""FullyConnectedNet whose normalization parameters are (1, H) rows, gamma = np.ones((1, H)) and beta = np.zeros((1, H)) (the per-feature row shape of tf.keras weights and of many NumPy tutorials), passed as they are to affine_norm_relu_forward, with the dgamma and dbeta that affine_norm_relu_backward returns, shape (H,), stored in grads without reshaping (the student never noticed: every update rule broadcasts them back). Biases np.zeros(H), weights drawn in order, caches kept in a list and popped in the backward pass, regularization added while walking back. Difference from the docstring: gamma{i} and beta{i} have shape (1, H), their gradients (H,); both broadcast the same, and an update gives gamma back as a (1, H) row, so training is unchanged."""
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

        sizes = [input_dim, *hidden_dims, num_classes]
        for i, (fan_in, fan_out) in enumerate(zip(sizes[:-1], sizes[1:]), start=1):
            self.params[f"W{i}"] = weight_scale * np.random.randn(fan_in, fan_out)
            self.params[f"b{i}"] = np.zeros(fan_out)
            if normalization and i < self.num_layers:
                self.params[f"gamma{i}"] = np.ones((1, fan_out))
                self.params[f"beta{i}"] = np.zeros((1, fan_out))

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
        caches = []
        h = X
        for i in range(1, self.num_layers):
            p = self.params
            if self.normalization:
                h, c = affine_norm_relu_forward(h, p[f"W{i}"], p[f"b{i}"], p[f"gamma{i}"], p[f"beta{i}"],
                                                self.bn_params[i - 1], self.normalization)
            else:
                h, c = affine_relu_forward(h, p[f"W{i}"], p[f"b{i}"])
            caches.append(c)
            if self.use_dropout:
                h, c = dropout_forward(h, self.dropout_param)
                caches.append(c)
        L = self.num_layers
        scores, c = affine_forward(h, self.params[f"W{L}"], self.params[f"b{L}"])
        caches.append(c)

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dh = softmax_loss(scores, y)
        for i in range(L, 0, -1):
            W = self.params[f"W{i}"]
            if i == L:
                dh, dW, grads[f"b{i}"] = affine_backward(dh, caches.pop())
            else:
                if self.use_dropout:
                    dh = dropout_backward(dh, caches.pop())
                if self.normalization:
                    dh, dW, grads[f"b{i}"], grads[f"gamma{i}"], grads[f"beta{i}"] = \
                        affine_norm_relu_backward(dh, caches.pop())
                else:
                    dh, dW, grads[f"b{i}"] = affine_relu_backward(dh, caches.pop())
            grads[f"W{i}"] = dW + self.reg * W
            loss += 0.5 * self.reg * np.sum(W ** 2)
        return loss, grads
