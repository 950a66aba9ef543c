"""FullyConnectedNet with one dict of caches per hidden layer (layer_caches[i] = {'affine': ..., 'norm': ..., 'relu': ..., 'dropout': ...}), the batchnorm layers going back through the node-by-node batchnorm_backward instead of batchnorm_backward_alt, and the normalization parameter dicts built in __init__ as list comprehensions over hidden_dims ([{'mode': 'train'} for _ in hidden_dims], [dict() for _ in hidden_dims]), the style of several cs231n solutions that never call the sandwich helpers. No difference from the docstring (the two batchnorm backward passes agree to rounding)."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

import numpy as np

from ..layers import (batchnorm_backward, batchnorm_forward, layernorm_backward, layernorm_forward,
                      relu_backward, relu_forward)
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

        all_dims = [input_dim] + list(hidden_dims) + [num_classes]
        for i in range(1, self.num_layers + 1):
            self.params[f"W{i}"] = weight_scale * np.random.randn(all_dims[i - 1], all_dims[i])
            self.params[f"b{i}"] = np.zeros(all_dims[i])
        if normalization is not None:
            for i, h in enumerate(hidden_dims, start=1):
                self.params[f"gamma{i}"] = np.ones(h)
                self.params[f"beta{i}"] = np.zeros(h)

        self.dropout_param = {}
        if self.use_dropout:
            self.dropout_param = {"mode": "train", "p": dropout_keep_ratio}
            if seed is not None:
                self.dropout_param["seed"] = seed

        # one dict per normalization layer
        self.bn_params = []
        if normalization == "batchnorm":
            self.bn_params = [{"mode": "train"} for _ in hidden_dims]
        elif normalization == "layernorm":
            self.bn_params = [dict() for _ in hidden_dims]

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
        L = self.num_layers
        layer_caches = {}
        out = X
        for i in range(1, L):
            c = {}
            out, c["affine"] = affine_forward(out, self.params[f"W{i}"], self.params[f"b{i}"])
            if self.normalization == "batchnorm":
                out, c["norm"] = batchnorm_forward(out, self.params[f"gamma{i}"], self.params[f"beta{i}"],
                                                   self.bn_params[i - 1])
            elif self.normalization == "layernorm":
                out, c["norm"] = layernorm_forward(out, self.params[f"gamma{i}"], self.params[f"beta{i}"],
                                                   self.bn_params[i - 1])
            out, c["relu"] = relu_forward(out)
            if self.use_dropout:
                out, c["dropout"] = dropout_forward(out, self.dropout_param)
            layer_caches[i] = c
        scores, layer_caches[L] = affine_forward(out, self.params[f"W{L}"], self.params[f"b{L}"])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dout = softmax_loss(scores, y)
        weights = [self.params[f"W{i}"] for i in range(1, L + 1)]
        loss += 0.5 * self.reg * sum(np.sum(W * W) for W in weights)

        dout, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dout, layer_caches[L])
        for i in reversed(range(1, L)):
            c = layer_caches[i]
            if "dropout" in c:
                dout = dropout_backward(dout, c["dropout"])
            dout = relu_backward(dout, c["relu"])
            if self.normalization == "batchnorm":
                dout, grads[f"gamma{i}"], grads[f"beta{i}"] = batchnorm_backward(dout, c["norm"])
            elif self.normalization == "layernorm":
                dout, grads[f"gamma{i}"], grads[f"beta{i}"] = layernorm_backward(dout, c["norm"])
            dout, grads[f"W{i}"], grads[f"b{i}"] = affine_backward(dout, c["affine"])

        for i, W in enumerate(weights, start=1):
            grads[f"W{i}"] += self.reg * W
        return loss, grads
