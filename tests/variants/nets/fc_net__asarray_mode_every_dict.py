"""FullyConnectedNet.loss that casts X with np.asarray(X, dtype=self.dtype), decides the mode as 'train' if y is not None else 'test', and sets it in a loop over every dict of self.bn_params whatever the normalization (so the layernorm dicts get a 'mode' key that layernorm_forward never reads), as in the cs231n versions whose given code set bn_param['mode'] in a plain loop; the forward pass uses the sandwiches, caches in a list of (layer cache, dropout cache) tuples, and the backward pass walks them with zip(reversed(range(...)), reversed(caches)). Difference from the given code: the layernorm bn_params dicts hold a 'mode' entry, which changes nothing the network computes."""
FILE = "deeplearning/classifiers/fc_net.py"
EXPECT = {}

import numpy as np


class FullyConnectedNet:
    def loss(self, X, y=None):
        X = np.asarray(X, dtype=self.dtype)
        mode = "train" if y is not None else "test"
        if self.use_dropout:
            self.dropout_param["mode"] = mode
        for j in range(len(self.bn_params)):
            self.bn_params[j]["mode"] = mode

        scores = None
        L = self.num_layers
        caches = []
        out = X
        for layer in range(1, L):
            w, b = self.params["W%d" % layer], self.params["b%d" % layer]
            if self.normalization:
                out, c = affine_norm_relu_forward(out, w, b, self.params["gamma%d" % layer],
                                                  self.params["beta%d" % layer], self.bn_params[layer - 1],
                                                  self.normalization)
            else:
                out, c = affine_relu_forward(out, w, b)
            d = None
            if self.use_dropout:
                out, d = dropout_forward(out, self.dropout_param)
            caches.append((c, d))
        scores, final_cache = affine_forward(out, self.params["W%d" % L], self.params["b%d" % L])

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        loss, dout = softmax_loss(scores, y)
        dout, grads["W%d" % L], grads["b%d" % L] = affine_backward(dout, final_cache)
        for layer, (c, d) in zip(reversed(range(1, L)), reversed(caches)):
            if self.use_dropout:
                dout = dropout_backward(dout, d)
            if self.normalization:
                dout, dw, db, dg, dbeta = affine_norm_relu_backward(dout, c)
                grads["gamma%d" % layer], grads["beta%d" % layer] = dg, dbeta
            else:
                dout, dw, db = affine_relu_backward(dout, c)
            grads["W%d" % layer], grads["b%d" % layer] = dw, db

        reg_loss = 0.0
        for layer in range(1, L + 1):
            w = self.params["W%d" % layer]
            reg_loss += np.sum(w * w)
            grads["W%d" % layer] += self.reg * w
        loss += 0.5 * self.reg * reg_loss
        return loss, grads
