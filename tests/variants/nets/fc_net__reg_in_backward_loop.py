"""FullyConnectedNet.loss with a while loop going backwards that adds each layer's 0.5 * reg * sum(W**2) and reg * W as it goes."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

import numpy as np


class FullyConnectedNet:
    def loss(self, X, y=None):
        X = X.astype(self.dtype, copy=False)
        mode = "test" if y is None else "train"
        if self.use_dropout:
            self.dropout_param["mode"] = mode
        if self.normalization == "batchnorm":
            for bn_param in self.bn_params:
                bn_param["mode"] = mode

        scores = None
        caches = {}
        drop_caches = {}
        out = X
        L = self.num_layers
        for layer in range(1, L + 1):
            W, b = self.params[f"W{layer}"], self.params[f"b{layer}"]
            if layer == L:
                scores, caches[layer] = affine_forward(out, W, b)
                break
            if self.normalization in ("batchnorm", "layernorm"):
                out, caches[layer] = affine_norm_relu_forward(out, W, b, self.params[f"gamma{layer}"],
                                                              self.params[f"beta{layer}"], self.bn_params[layer - 1],
                                                              self.normalization)
            else:
                out, caches[layer] = affine_relu_forward(out, W, b)
            if self.use_dropout:
                out, drop_caches[layer] = dropout_forward(out, self.dropout_param)

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dout = softmax_loss(scores, y)
        layer = L
        while layer >= 1:
            W = self.params[f"W{layer}"]
            loss += 0.5 * self.reg * np.sum(W ** 2)
            if layer == L:
                dout, dW, db = affine_backward(dout, caches[layer])
            else:
                if self.use_dropout:
                    dout = dropout_backward(dout, drop_caches[layer])
                if self.normalization in ("batchnorm", "layernorm"):
                    dout, dW, db, grads[f"gamma{layer}"], grads[f"beta{layer}"] = \
                        affine_norm_relu_backward(dout, caches[layer])
                else:
                    dout, dW, db = affine_relu_backward(dout, caches[layer])
            grads[f"W{layer}"] = dW + self.reg * W
            grads[f"b{layer}"] = db
            layer -= 1

        return loss, grads
