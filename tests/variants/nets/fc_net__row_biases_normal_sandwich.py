"""FullyConnectedNet with (1, fan_out) row-vector biases and weights drawn with np.random.normal(0, weight_scale, size) (the same numbers as weight_scale * randn), the usual cs231n sandwich-helper loss (affine_relu_forward / affine_norm_relu_forward) with the caches in a dict keyed by layer number, and the penalty written np.linalg.norm(W)**2, added with its gradient after the backward loop. Difference from the docstring: b1..bL have shape (1, fan_out) instead of (fan_out,); they broadcast the same, and each bias gradient is reshaped to its parameter's shape as the docstring asks."""
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

        sizes = [input_dim] + list(hidden_dims) + [num_classes]
        for layer in range(self.num_layers):
            fan_in, fan_out = sizes[layer], sizes[layer + 1]
            idx = layer + 1
            self.params[f"W{idx}"] = np.random.normal(0.0, weight_scale, size=(fan_in, fan_out))
            self.params[f"b{idx}"] = np.zeros((1, fan_out))
            if self.normalization is not None and idx < self.num_layers:
                self.params[f"gamma{idx}"] = np.ones(fan_out)
                self.params[f"beta{idx}"] = np.zeros(fan_out)

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
        L = self.num_layers
        layer_cache = {}
        out = X
        for idx in range(1, L):
            W, b = self.params[f"W{idx}"], self.params[f"b{idx}"]
            if self.normalization is None:
                out, fwd = affine_relu_forward(out, W, b)
            else:
                out, fwd = affine_norm_relu_forward(out, W, b, self.params[f"gamma{idx}"], self.params[f"beta{idx}"],
                                                    self.bn_params[idx - 1], self.normalization)
            drop = None
            if self.use_dropout:
                out, drop = dropout_forward(out, self.dropout_param)
            layer_cache[idx] = (fwd, drop)
        scores, layer_cache[L] = affine_forward(out, self.params[f"W{L}"], self.params[f"b{L}"])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dout = softmax_loss(scores, y)

        dout, grads[f"W{L}"], db = affine_backward(dout, layer_cache[L])
        grads[f"b{L}"] = db.reshape(self.params[f"b{L}"].shape)
        for idx in range(L - 1, 0, -1):
            fwd, drop = layer_cache[idx]
            if self.use_dropout:
                dout = dropout_backward(dout, drop)
            if self.normalization is None:
                dout, dW, db = affine_relu_backward(dout, fwd)
            else:
                dout, dW, db, dgamma, dbeta = affine_norm_relu_backward(dout, fwd)
                grads[f"gamma{idx}"] = dgamma
                grads[f"beta{idx}"] = dbeta
            grads[f"W{idx}"] = dW
            grads[f"b{idx}"] = db.reshape(self.params[f"b{idx}"].shape)

        # L2 penalty on the weights only
        for idx in range(1, L + 1):
            W = self.params[f"W{idx}"]
            loss += 0.5 * self.reg * np.linalg.norm(W) ** 2
            grads[f"W{idx}"] += self.reg * W

        return loss, grads
