"""FullyConnectedNet with zip(dims[:-1], dims[1:]) and np.random.normal, caches appended to lists and popped in reverse."""
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

        dims = [input_dim, *hidden_dims, num_classes]
        for i, (fan_in, fan_out) in enumerate(zip(dims[:-1], dims[1:]), start=1):
            self.params[f"W{i}"] = np.random.normal(0, weight_scale, size=(fan_in, fan_out))
            self.params[f"b{i}"] = np.zeros(fan_out)
        if normalization:
            for i, width in enumerate(hidden_dims, start=1):
                self.params[f"gamma{i}"] = np.ones(width)
                self.params[f"beta{i}"] = np.zeros(width)

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
        layer_caches, dropout_caches = [], []
        out = X
        for i in range(1, self.num_layers):
            if self.normalization:
                out, cache = affine_norm_relu_forward(out, self.params[f"W{i}"], self.params[f"b{i}"],
                                                      self.params[f"gamma{i}"], self.params[f"beta{i}"],
                                                      self.bn_params[i - 1], self.normalization)
            else:
                out, cache = affine_relu_forward(out, self.params[f"W{i}"], self.params[f"b{i}"])
            layer_caches.append(cache)
            if self.use_dropout:
                out, cache = dropout_forward(out, self.dropout_param)
                dropout_caches.append(cache)
        L = self.num_layers
        scores, cache = affine_forward(out, self.params[f"W{L}"], self.params[f"b{L}"])
        layer_caches.append(cache)

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dout = softmax_loss(scores, y)
        loss += 0.5 * self.reg * sum(np.sum(self.params[f"W{i}"] ** 2) for i in range(1, L + 1))

        dout, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dout, layer_caches.pop())
        for i in range(L - 1, 0, -1):
            if self.use_dropout:
                dout = dropout_backward(dout, dropout_caches.pop())
            if self.normalization:
                dout, grads[f"W{i}"], grads[f"b{i}"], grads[f"gamma{i}"], grads[f"beta{i}"] = \
                    affine_norm_relu_backward(dout, layer_caches.pop())
            else:
                dout, grads[f"W{i}"], grads[f"b{i}"] = affine_relu_backward(dout, layer_caches.pop())
        for i in range(1, L + 1):
            grads[f"W{i}"] += self.reg * self.params[f"W{i}"]

        return loss, grads
