"""FullyConnectedNet with 'W%d' % (i + 1) names, flat randn draws reshaped, and one backward loop over range(L, 0, -1)."""
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

        fan_in = input_dim
        for i in range(self.num_layers):
            fan_out = hidden_dims[i] if i < len(hidden_dims) else num_classes
            self.params['W%d' % (i + 1)] = np.random.randn(fan_in * fan_out).reshape(fan_in, fan_out) * weight_scale
            self.params['b%d' % (i + 1)] = np.zeros(fan_out)
            if self.normalization and i < len(hidden_dims):
                self.params['gamma%d' % (i + 1)] = np.ones(fan_out)
                self.params['beta%d' % (i + 1)] = np.zeros(fan_out)
            fan_in = fan_out

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
        layer_caches = [None] * self.num_layers
        dropout_caches = [None] * self.num_layers
        h = X
        for i in range(self.num_layers - 1):
            W, b = self.params['W%d' % (i + 1)], self.params['b%d' % (i + 1)]
            if self.normalization is None:
                h, layer_caches[i] = affine_relu_forward(h, W, b)
            else:
                gamma, beta = self.params['gamma%d' % (i + 1)], self.params['beta%d' % (i + 1)]
                h, layer_caches[i] = affine_norm_relu_forward(h, W, b, gamma, beta, self.bn_params[i],
                                                              self.normalization)
            if self.use_dropout:
                h, dropout_caches[i] = dropout_forward(h, self.dropout_param)
        last = self.num_layers - 1
        scores, layer_caches[last] = affine_forward(h, self.params['W%d' % (last + 1)], self.params['b%d' % (last + 1)])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dh = softmax_loss(scores, y)
        for i in range(self.num_layers, 0, -1):
            W = self.params['W%d' % i]
            if i == self.num_layers:
                dh, dW, db = affine_backward(dh, layer_caches[i - 1])
            else:
                if self.use_dropout:
                    dh = dropout_backward(dh, dropout_caches[i - 1])
                if self.normalization is None:
                    dh, dW, db = affine_relu_backward(dh, layer_caches[i - 1])
                else:
                    dh, dW, db, dgamma, dbeta = affine_norm_relu_backward(dh, layer_caches[i - 1])
                    grads['gamma%d' % i] = dgamma
                    grads['beta%d' % i] = dbeta
            loss += 0.5 * self.reg * np.sum(W * W)
            grads['W%d' % i] = dW + self.reg * W
            grads['b%d' % i] = db

        return loss, grads
