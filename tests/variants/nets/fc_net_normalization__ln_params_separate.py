"""FullyConnectedNet that keeps a separate self.ln_params list for layer normalization, as the 2019+ cs231n starter code does (self.ln_params = [{} for i in range(self.num_layers - 1)] next to self.bn_params), and passes self.ln_params[i - 1] or self.bn_params[i - 1] to affine_norm_relu_forward depending on self.normalization; parameter names are built with 'W' + str(i), the hidden layers are created in one loop and the output layer after it. Difference from the given code: the layernorm net has an extra attribute self.ln_params (its self.bn_params is still the given list of empty dicts, now unused)."""
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

        prev = input_dim
        for i, h in enumerate(hidden_dims, start=1):
            self.params["W" + str(i)] = weight_scale * np.random.randn(prev, h)
            self.params["b" + str(i)] = np.zeros(h)
            if normalization is not None:
                self.params["gamma" + str(i)] = np.ones(h)
                self.params["beta" + str(i)] = np.zeros(h)
            prev = h
        last = str(self.num_layers)
        self.params["W" + last] = weight_scale * np.random.randn(prev, num_classes)
        self.params["b" + last] = np.zeros(num_classes)

        # layernorm keeps its own (stateless) parameter dicts
        self.ln_params = []
        if normalization == "layernorm":
            self.ln_params = [{} for i in range(self.num_layers - 1)]

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
        caches = []
        h = X
        for i in range(1, L):
            W, b = self.params["W" + str(i)], self.params["b" + str(i)]
            if self.normalization == "batchnorm":
                h, cache = affine_norm_relu_forward(h, W, b, self.params["gamma" + str(i)],
                                                    self.params["beta" + str(i)], self.bn_params[i - 1], "batchnorm")
            elif self.normalization == "layernorm":
                h, cache = affine_norm_relu_forward(h, W, b, self.params["gamma" + str(i)],
                                                    self.params["beta" + str(i)], self.ln_params[i - 1], "layernorm")
            else:
                h, cache = affine_relu_forward(h, W, b)
            dcache = None
            if self.use_dropout:
                h, dcache = dropout_forward(h, self.dropout_param)
            caches.append((cache, dcache))
        scores, out_cache = affine_forward(h, self.params["W" + str(L)], self.params["b" + str(L)])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dh = softmax_loss(scores, y)
        for i in range(1, L + 1):
            W = self.params["W" + str(i)]
            loss += 0.5 * self.reg * np.sum(W * W)

        dh, dW, db = affine_backward(dh, out_cache)
        grads["W" + str(L)] = dW + self.reg * self.params["W" + str(L)]
        grads["b" + str(L)] = db
        for i in range(L - 1, 0, -1):
            cache, dcache = caches[i - 1]
            if self.use_dropout:
                dh = dropout_backward(dh, dcache)
            if self.normalization is None:
                dh, dW, db = affine_relu_backward(dh, cache)
            else:
                dh, dW, db, dgamma, dbeta = affine_norm_relu_backward(dh, cache)
                grads["gamma" + str(i)] = dgamma
                grads["beta" + str(i)] = dbeta
            grads["W" + str(i)] = dW + self.reg * self.params["W" + str(i)]
            grads["b" + str(i)] = db
        return loss, grads
