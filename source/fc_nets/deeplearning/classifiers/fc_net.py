"""Fully-connected classifiers: a two-layer net and a net of any depth with dropout and normalization."""
import numpy as np

from ..layer_utils import affine_norm_relu_backward, affine_norm_relu_forward, affine_relu_backward, affine_relu_forward
from ..layers import affine_backward, affine_forward, dropout_backward, dropout_forward, softmax_loss
from ..solver import random_state


class TwoLayerNet:
    """A two-layer fully-connected network with a ReLU and a softmax loss:

        affine - relu - affine - softmax

    The input has dimension D, the hidden layer H units, and there are C classes.
    Learnable parameters live in self.params: W1 (D, H), b1 (H,), W2 (H, C), b2 (C,).
    """

    def __init__(self, input_dim=3 * 32 * 32, hidden_dim=100, num_classes=10, weight_scale=1e-3, reg=0.0):
        """Initialize a new TwoLayerNet.

        Inputs:
        - input_dim: int, the size D of the input
        - hidden_dim: int, the size H of the hidden layer
        - num_classes: int, the number C of classes
        - weight_scale: float, standard deviation of the normal distribution the
          weights are drawn from
        - reg: float, L2 regularization strength
        """
        self.params = {}
        self.reg = reg
        self.config = {
            "model": type(self).__name__,
            "hidden_dims": [int(hidden_dim)],
            "input_dim": int(input_dim),
            "num_classes": int(num_classes),
            "reg": float(reg),
            "weight_scale": float(weight_scale),
            "dtype": "float64",
            # Before the weights are drawn: with it, the grader rebuilds this model exactly to replay its training.
            "random_state": random_state(),
        }
        #######################################################################
        # TODO: Initialize W1, b1, W2 and b2 in self.params. Weights are      #
        # weight_scale * np.random.randn(fan_in, fan_out) (draw W1 before     #
        # W2); biases are zeros.                                              #
        #######################################################################
        ### BEGIN SOLUTION
        self.params["W1"] = weight_scale * np.random.randn(input_dim, hidden_dim)
        self.params["b1"] = np.zeros(hidden_dim)
        self.params["W2"] = weight_scale * np.random.randn(hidden_dim, num_classes)
        self.params["b2"] = np.zeros(num_classes)
        ### END SOLUTION

    def loss(self, X, y=None):
        """Compute the loss and gradient for a minibatch, or the scores at test time.

        Inputs:
        - X: input data, shape (N, d_1, ..., d_k) with d_1 * ... * d_k = input_dim
        - y: labels, shape (N,), or None

        Returns:
        If y is None: scores, shape (N, C), scores[i, c] the score of class c for X[i].
        Otherwise a tuple of:
        - loss: scalar, the softmax loss plus 0.5 * reg * (sum of squared weights)
        - grads: dict with the keys of self.params, each gradient shaped like its parameter
        """
        scores = None
        #######################################################################
        # TODO: Implement the forward pass (affine_relu_forward, then         #
        # affine_forward) and store the class scores in `scores`.             #
        #######################################################################
        ### BEGIN SOLUTION
        hidden, hidden_cache = affine_relu_forward(X, self.params["W1"], self.params["b1"])
        scores, scores_cache = affine_forward(hidden, self.params["W2"], self.params["b2"])
        ### END SOLUTION

        if y is None:
            return scores

        loss, grads = 0, {}
        #######################################################################
        # TODO: Implement the backward pass. The loss is softmax_loss plus    #
        # 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2)); biases are    #
        # not regularized. Store the gradient of each parameter in grads.     #
        #######################################################################
        ### BEGIN SOLUTION
        W1, W2 = self.params["W1"], self.params["W2"]
        loss, dscores = softmax_loss(scores, y)
        loss += 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        dhidden, grads["W2"], grads["b2"] = affine_backward(dscores, scores_cache)
        _, grads["W1"], grads["b1"] = affine_relu_backward(dhidden, hidden_cache)
        grads["W1"] += self.reg * W1
        grads["W2"] += self.reg * W2
        ### END SOLUTION
        return loss, grads


class FullyConnectedNet:
    """A fully-connected network with ReLU nonlinearities and a softmax loss.

    For a network with L layers the architecture is

        {affine - [batch/layer norm] - relu - [dropout]} x (L - 1) - affine - softmax

    where dropout follows every hidden ReLU when dropout_keep_ratio != 1, a
    normalization layer precedes every hidden ReLU when normalization is
    'batchnorm' or 'layernorm', and the last (output) affine layer is followed by
    neither.

    Learnable parameters live in self.params: weights W1, ..., WL and biases
    b1, ..., bL, where layer i maps dims[i - 1] features to dims[i] features with
    dims = [input_dim, *hidden_dims, num_classes]; with normalization also the
    scales gamma1, ..., gamma(L-1) and shifts beta1, ..., beta(L-1) of the hidden
    layers.
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
        - normalization: None, 'batchnorm' or 'layernorm'
        - reg: float, L2 regularization strength
        - weight_scale: float, standard deviation of the normal distribution the
          weights are drawn from
        - dtype: numpy dtype of all parameters and computations; float32 is faster,
          float64 is needed for numeric gradient checking
        - seed: optional int passed to the dropout layers, which then drop the same
          units on every call (for gradient checking)
        """
        if normalization not in (None, "batchnorm", "layernorm"):
            raise ValueError(f"normalization must be None, 'batchnorm' or 'layernorm', got {normalization!r}")
        self.normalization = normalization
        self.use_dropout = dropout_keep_ratio != 1
        self.reg = reg
        self.num_layers = 1 + len(hidden_dims)
        self.dtype = dtype
        self.params = {}
        # Recorded in the experiment logs, so that a grader can tell which net produced a log and rebuild it.
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
            # Before the weights are drawn: with it, the grader rebuilds this model exactly to replay its training.
            "random_state": random_state(),
        }

        #######################################################################
        # TODO: Initialize the parameters of the network in self.params.      #
        # For each layer i = 1, ..., L (L = self.num_layers), going from      #
        # input_dim through hidden_dims to num_classes:                       #
        # - 'W{i}': weight_scale * np.random.randn(fan_in, fan_out)           #
        # - 'b{i}': np.zeros(fan_out)                                         #
        # Draw W1 first, then W2, and so on: the expected numbers in the      #
        # notebook depend on this order.                                      #
        # With normalization, every hidden layer i < L also gets              #
        # 'gamma{i}' = np.ones(fan_out) and 'beta{i}' = np.zeros(fan_out).    #
        #######################################################################
        ### BEGIN SOLUTION
        dims = [input_dim, *hidden_dims, num_classes]
        for i in range(1, self.num_layers + 1):
            self.params[f"W{i}"] = weight_scale * np.random.randn(dims[i - 1], dims[i])
            self.params[f"b{i}"] = np.zeros(dims[i])
            if normalization and i < self.num_layers:
                self.params[f"gamma{i}"] = np.ones(dims[i])
                self.params[f"beta{i}"] = np.zeros(dims[i])
        ### END SOLUTION

        # The same dropout_param is passed to every dropout layer so that the
        # mode ('train' or 'test') can be switched in one place.
        self.dropout_param = {}
        if self.use_dropout:
            self.dropout_param = {"mode": "train", "p": dropout_keep_ratio}
            if seed is not None:
                self.dropout_param["seed"] = seed

        # One parameter dict per normalization layer: batchnorm keeps its running
        # averages there. self.bn_params[i - 1] belongs to hidden layer i.
        self.bn_params = []
        if normalization == "batchnorm":
            self.bn_params = [{"mode": "train"} for _ in range(self.num_layers - 1)]
        elif normalization == "layernorm":
            self.bn_params = [{} for _ in range(self.num_layers - 1)]

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
        if self.normalization == "batchnorm":
            for bn_param in self.bn_params:
                bn_param["mode"] = mode

        scores = None
        #######################################################################
        # TODO: Implement the forward pass and store the class scores in      #
        # `scores`. Each hidden layer i < L is affine_relu_forward (or, with  #
        # normalization, affine_norm_relu_forward with gamma{i}, beta{i} and  #
        # self.bn_params[i - 1]) followed, when self.use_dropout is True, by  #
        # dropout_forward(out, self.dropout_param). The last layer L is a     #
        # plain affine_forward: no normalization, ReLU or dropout after it.   #
        # Keep every cache for the backward pass.                             #
        #######################################################################
        ### BEGIN SOLUTION
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
        # each W includes the regularization term self.reg * W (gammas and    #
        # betas are not regularized).                                         #
        #######################################################################
        ### BEGIN SOLUTION
        loss, dout = softmax_loss(scores, y)
        L = self.num_layers
        dout, grads[f"W{L}"], grads[f"b{L}"] = affine_backward(dout, caches.pop())
        for i in range(L - 1, 0, -1):
            if self.use_dropout:
                dout = dropout_backward(dout, caches.pop())
            if self.normalization:
                dout, grads[f"W{i}"], grads[f"b{i}"], grads[f"gamma{i}"], grads[f"beta{i}"] = \
                    affine_norm_relu_backward(dout, caches.pop())
            else:
                dout, grads[f"W{i}"], grads[f"b{i}"] = affine_relu_backward(dout, caches.pop())
        if self.reg:
            for i in range(1, L + 1):
                W = self.params[f"W{i}"]
                loss += 0.5 * self.reg * np.sum(W * W)
                grads[f"W{i}"] += self.reg * W
        ### END SOLUTION

        return loss, grads
