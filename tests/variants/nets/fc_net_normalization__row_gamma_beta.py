"""FullyConnectedNet whose scales and shifts are (1, H) rows, gamma = np.ones((1, H)) and beta = np.zeros((1, H)) (the shape tf.keras and many NumPy tutorials use for per-feature parameters, broadcasting over the batch), with biases from np.zeros(H, dtype=dtype); the loss calls batchnorm_forward / layernorm_forward and relu_forward directly and reshapes dgamma and dbeta to their parameter's (1, H) shape. Difference from the docstring: gamma{i} and beta{i} have shape (1, H) instead of (H,); they broadcast the same, and the running averages batchnorm keeps are still (H,)."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

import numpy as np

from ..layers import (batchnorm_backward_alt, batchnorm_forward, layernorm_backward, layernorm_forward,
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

        dims = [input_dim, *hidden_dims, num_classes]
        for i in range(1, self.num_layers + 1):
            self.params[f"W{i}"] = weight_scale * np.random.randn(dims[i - 1], dims[i])
            self.params[f"b{i}"] = np.zeros(dims[i], dtype=dtype)
            if normalization is not None and i != self.num_layers:
                # one row of scales/shifts, broadcast over the minibatch
                self.params[f"gamma{i}"] = np.ones((1, dims[i]), dtype=dtype)
                self.params[f"beta{i}"] = np.zeros((1, dims[i]), dtype=dtype)

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
        norm_fwd = {"batchnorm": batchnorm_forward, "layernorm": layernorm_forward}
        norm_bwd = {"batchnorm": batchnorm_backward_alt, "layernorm": layernorm_backward}
        saved = {}
        z = X
        for i in range(1, L):
            z, saved[f"fc{i}"] = affine_forward(z, self.params[f"W{i}"], self.params[f"b{i}"])
            if self.normalization is not None:
                z, saved[f"norm{i}"] = norm_fwd[self.normalization](z, self.params[f"gamma{i}"],
                                                                    self.params[f"beta{i}"], self.bn_params[i - 1])
            z, saved[f"relu{i}"] = relu_forward(z)
            if self.use_dropout:
                z, saved[f"drop{i}"] = dropout_forward(z, self.dropout_param)
        scores, saved[f"fc{L}"] = affine_forward(z, self.params[f"W{L}"], self.params[f"b{L}"])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dz = softmax_loss(scores, y)
        dz, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dz, saved[f"fc{L}"])
        for i in range(L - 1, 0, -1):
            if self.use_dropout:
                dz = dropout_backward(dz, saved[f"drop{i}"])
            dz = relu_backward(dz, saved[f"relu{i}"])
            if self.normalization is not None:
                dz, dgamma, dbeta = norm_bwd[self.normalization](dz, saved[f"norm{i}"])
                grads[f"gamma{i}"] = dgamma.reshape(self.params[f"gamma{i}"].shape)
                grads[f"beta{i}"] = dbeta.reshape(self.params[f"beta{i}"].shape)
            dz, grads[f"W{i}"], grads[f"b{i}"] = affine_backward(dz, saved[f"fc{i}"])

        for i in range(1, L + 1):
            W = self.params[f"W{i}"]
            loss += 0.5 * self.reg * np.sum(W * W)
            grads[f"W{i}"] += self.reg * W
        return loss, grads
