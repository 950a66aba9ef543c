"""FullyConnectedNet with 'W%d' % i names, which draws all the weights first, then sets all the biases, then the gammas and betas (the draw order of the W's is unchanged), runs the hidden layers through affine_norm_relu_forward / affine_relu_forward with the caches in a list, and backpropagates in one loop over range(L, 0, -1) that treats the output layer as its first step and adds each layer's 0.5 * reg * (W ** 2).sum() to the loss and reg * W to the gradient inside the loop. No difference from the docstring."""
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

        L = self.num_layers
        dims = [input_dim] + list(hidden_dims) + [num_classes]
        for i in range(1, L + 1):
            self.params["W%d" % i] = weight_scale * np.random.randn(dims[i - 1], dims[i])
        for i in range(1, L + 1):
            self.params["b%d" % i] = np.zeros(dims[i])
        if normalization:
            for i in range(1, L):
                self.params["gamma%d" % i] = np.ones(dims[i])
                self.params["beta%d" % i] = np.zeros(dims[i])

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
        fwd_caches, drop_caches = [None] * (L + 1), [None] * (L + 1)
        act = X
        for i in range(1, L):
            if self.normalization:
                act, fwd_caches[i] = affine_norm_relu_forward(
                    act, self.params["W%d" % i], self.params["b%d" % i], self.params["gamma%d" % i],
                    self.params["beta%d" % i], self.bn_params[i - 1], self.normalization)
            else:
                act, fwd_caches[i] = affine_relu_forward(act, self.params["W%d" % i], self.params["b%d" % i])
            if self.use_dropout:
                act, drop_caches[i] = dropout_forward(act, self.dropout_param)
        scores, fwd_caches[L] = affine_forward(act, self.params["W%d" % L], self.params["b%d" % L])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dact = softmax_loss(scores, y)
        for i in range(L, 0, -1):
            if i == L:
                dact, dW, db = affine_backward(dact, fwd_caches[i])
            else:
                if self.use_dropout:
                    dact = dropout_backward(dact, drop_caches[i])
                if self.normalization:
                    dact, dW, db, grads["gamma%d" % i], grads["beta%d" % i] = \
                        affine_norm_relu_backward(dact, fwd_caches[i])
                else:
                    dact, dW, db = affine_relu_backward(dact, fwd_caches[i])
            W = self.params["W%d" % i]
            loss += 0.5 * self.reg * (W ** 2).sum()
            grads["W%d" % i] = dW + self.reg * W
            grads["b%d" % i] = db
        return loss, grads
