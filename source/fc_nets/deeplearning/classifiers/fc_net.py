"""A fully-connected network of any depth, with optional dropout."""
import numpy as np

from ..layer_utils import affine_relu_backward, affine_relu_forward
from ..layers import affine_backward, affine_forward, dropout_backward, dropout_forward, softmax_loss


class FullyConnectedNet:
    """A fully-connected network with ReLU nonlinearities and a softmax loss.

    For a network with L layers the architecture is

        {affine - relu - [dropout]} x (L - 1) - affine - softmax

    where dropout follows every hidden ReLU when dropout_keep_ratio != 1 and never
    follows the last (output) affine layer.

    Learnable parameters live in self.params: weights W1, ..., WL and biases
    b1, ..., bL, where layer i maps dims[i - 1] features to dims[i] features with
    dims = [input_dim, *hidden_dims, num_classes].
    """

    def __init__(
        self,
        hidden_dims,
        input_dim=3 * 32 * 32,
        num_classes=10,
        dropout_keep_ratio=1,
        normalization=None,
        reg=0.0,
        weight_scale=1e-2,
        dtype=np.float32,
        seed=None,
    ):
        """Initialize a new FullyConnectedNet.

        Inputs:
        - hidden_dims: list of ints, the size of each hidden layer
        - input_dim: int, the size of the input
        - num_classes: int, the number of classes to classify
        - dropout_keep_ratio: float in (0, 1], the probability of KEEPING a hidden
          unit; 1 means no dropout at all
        - normalization: only None (no normalization) is supported in this assignment
        - reg: float, L2 regularization strength
        - weight_scale: float, standard deviation of the normal distribution the
          weights are drawn from
        - dtype: numpy dtype of all parameters and computations; float32 is faster,
          float64 is needed for numeric gradient checking
        - seed: optional int passed to the dropout layers, which then drop the same
          units on every call (for gradient checking)
        """
        if normalization is not None:
            raise ValueError(f"normalization={normalization!r} is not supported; use None")
        self.normalization = normalization
        self.use_dropout = dropout_keep_ratio != 1
        self.reg = reg
        self.num_layers = 1 + len(hidden_dims)
        self.dtype = dtype
        self.params = {}
        # Recorded in the experiment logs so a grader can tell which net produced a log.
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
        }

        #######################################################################
        # TODO: Initialize the parameters of the network in self.params.      #
        # For each layer i = 1, ..., L (L = self.num_layers), going from      #
        # input_dim through hidden_dims to num_classes:                       #
        # - 'W{i}': weight_scale * np.random.randn(fan_in, fan_out)           #
        # - 'b{i}': np.zeros(fan_out)                                         #
        # Draw W1 first, then W2, and so on: the expected numbers in the      #
        # notebook depend on this order.                                      #
        #######################################################################
        ### BEGIN SOLUTION
        dims = [input_dim, *hidden_dims, num_classes]
        for i in range(1, self.num_layers + 1):
            self.params[f"W{i}"] = weight_scale * np.random.randn(dims[i - 1], dims[i])
            self.params[f"b{i}"] = np.zeros(dims[i])
        ### END SOLUTION

        # The same dropout_param is passed to every dropout layer so that the
        # mode ('train' or 'test') can be switched in one place.
        self.dropout_param = {}
        if self.use_dropout:
            self.dropout_param = {"mode": "train", "p": dropout_keep_ratio}
            if seed is not None:
                self.dropout_param["seed"] = seed

        for name, value in self.params.items():
            self.params[name] = value.astype(dtype)

    def loss(self, X, y=None):
        """Compute the loss and gradient for a minibatch, or the scores at test time.

        Inputs:
        - X: input data, shape (N, d_1, ..., d_k) with d_1 * ... * d_k = input_dim
        - y: labels, shape (N,), or None. y[i] is the label of X[i].

        Returns:
        If y is None, runs a test-time forward pass (dropout is the identity) and returns
        - scores: array of shape (N, num_classes), scores[i, c] is the score of class c for X[i]

        If y is not None, runs a training-time forward and backward pass and returns a tuple of
        - loss: scalar, the softmax loss plus 0.5 * reg * (sum of squared weights)
        - grads: dict with the same keys as self.params; grads[k] is the gradient
          of the loss with respect to self.params[k], same shape and dtype
        """
        X = X.astype(self.dtype, copy=False)
        mode = "test" if y is None else "train"
        if self.use_dropout:
            self.dropout_param["mode"] = mode

        scores = None
        #######################################################################
        # TODO: Implement the forward pass and store the class scores in      #
        # `scores`. Each hidden layer i < L is affine_relu_forward followed,  #
        # when self.use_dropout is True, by dropout_forward(out,              #
        # self.dropout_param). The last layer L is a plain affine_forward:    #
        # no ReLU and no dropout after it. Keep every cache for the backward  #
        # pass.                                                               #
        #######################################################################
        ### BEGIN SOLUTION
        caches = []
        hidden = X
        for i in range(1, self.num_layers):
            hidden, cache = affine_relu_forward(hidden, self.params[f"W{i}"], self.params[f"b{i}"])
            caches.append(cache)
            if self.use_dropout:
                hidden, cache = dropout_forward(hidden, self.dropout_param)
                caches.append(cache)
        L = self.num_layers
        scores, cache = affine_forward(hidden, self.params[f"W{L}"], self.params[f"b{L}"])
        caches.append(cache)
        ### END SOLUTION

        if mode == "test":
            return scores

        loss, grads = 0.0, {}
        #######################################################################
        # TODO: Implement the backward pass. Compute the loss with            #
        # softmax_loss(scores, y) and add 0.5 * self.reg * np.sum(W * W) for  #
        # every weight matrix (not for biases). Then backpropagate through    #
        # the layers in reverse order and store the gradient of each          #
        # parameter in grads under the parameter's name; the gradient of      #
        # each W includes the regularization term self.reg * W.               #
        #######################################################################
        ### BEGIN SOLUTION
        loss, dout = softmax_loss(scores, y)
        L = self.num_layers
        dout, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dout, caches.pop())
        for i in range(L - 1, 0, -1):
            if self.use_dropout:
                dout = dropout_backward(dout, caches.pop())
            # The first layer's input is the data: it needs no gradient.
            dout, grads[f"W{i}"], grads[f"b{i}"] = affine_relu_backward(dout, caches.pop(), need_dx=i > 1)
        if self.reg:
            for i in range(1, L + 1):
                W = self.params[f"W{i}"]
                loss += 0.5 * self.reg * np.sum(W * W)
                grads[f"W{i}"] += self.reg * W
        ### END SOLUTION

        return loss, grads
