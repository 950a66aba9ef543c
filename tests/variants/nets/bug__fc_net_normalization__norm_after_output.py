"""FullyConnectedNet that gives every layer, the output layer too, a gamma/beta and normalizes the scores."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {"fc_net_normalization": "hidden layers only"}

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
        for i in range(1, self.num_layers + 1):
            self.params[f"W{i}"] = weight_scale * np.random.randn(dims[i - 1], dims[i])
            self.params[f"b{i}"] = np.zeros(dims[i])
            if normalization:
                self.params[f"gamma{i}"] = np.ones(dims[i])
                self.params[f"beta{i}"] = np.zeros(dims[i])

        self.dropout_param = {}
        if self.use_dropout:
            self.dropout_param = {"mode": "train", "p": dropout_keep_ratio}
            if seed is not None:
                self.dropout_param["seed"] = seed

        # one per normalized layer: all of them
        self.bn_params = []
        if normalization == "batchnorm":
            self.bn_params = [{"mode": "train"} for _ in range(self.num_layers)]
        elif normalization == "layernorm":
            self.bn_params = [{} for _ in range(self.num_layers)]

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

        from deeplearning.layers import batchnorm_backward_alt, batchnorm_forward, layernorm_backward, layernorm_forward

        scores = None
        caches = []
        hidden = X
        for i in range(1, self.num_layers):
            W, b = self.params[f"W{i}"], self.params[f"b{i}"]
            if self.normalization:
                hidden, cache = affine_norm_relu_forward(hidden, W, b, self.params[f"gamma{i}"],
                                                         self.params[f"beta{i}"], self.bn_params[i - 1],
                                                         self.normalization)
            else:
                hidden, cache = affine_relu_forward(hidden, W, b)
            caches.append(cache)
            if self.use_dropout:
                hidden, cache = dropout_forward(hidden, self.dropout_param)
                caches.append(cache)
        L = self.num_layers
        scores, affine_cache = affine_forward(hidden, self.params[f"W{L}"], self.params[f"b{L}"])
        if self.normalization == "batchnorm":
            scores, norm_cache = batchnorm_forward(scores, self.params[f"gamma{L}"], self.params[f"beta{L}"],
                                                   self.bn_params[L - 1])
        elif self.normalization == "layernorm":
            scores, norm_cache = layernorm_forward(scores, self.params[f"gamma{L}"], self.params[f"beta{L}"],
                                                   self.bn_params[L - 1])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dout = softmax_loss(scores, y)
        if self.normalization == "batchnorm":
            dout, grads[f"gamma{L}"], grads[f"beta{L}"] = batchnorm_backward_alt(dout, norm_cache)
        elif self.normalization == "layernorm":
            dout, grads[f"gamma{L}"], grads[f"beta{L}"] = layernorm_backward(dout, norm_cache)
        dout, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dout, affine_cache)
        for i in range(L - 1, 0, -1):
            if self.use_dropout:
                dout = dropout_backward(dout, caches.pop())
            if self.normalization:
                dout, grads[f"W{i}"], grads[f"b{i}"], grads[f"gamma{i}"], grads[f"beta{i}"] = \
                    affine_norm_relu_backward(dout, caches.pop())
            else:
                dout, grads[f"W{i}"], grads[f"b{i}"] = affine_relu_backward(dout, caches.pop())
        for i in range(1, L + 1):
            W = self.params[f"W{i}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{i}"] += self.reg * W

        return loss, grads
