"""Layers of a fully-connected network: each has a forward and a backward function.

Conventions (the same for every layer in this file):
- ``out, cache = <layer>_forward(inputs...)`` returns the output and whatever the
  backward pass needs.
- ``grads = <layer>_backward(dout, cache)`` takes the upstream derivative ``dout``
  (same shape as ``out``) and returns the derivative with respect to each input,
  in the order the forward function takes them.
- Everything is vectorized over the minibatch: no Python loops over samples.
- Outputs keep the dtype of the inputs, so a float32 model stays float32.
"""
import numpy as np


def affine_forward(x, w, b):
    """Fully-connected (affine) layer: out = x.reshape(N, D) @ w + b.

    Inputs:
    - x: array of shape (N, d_1, ..., d_k); each example is flattened to D = d_1 * ... * d_k
    - w: weights, shape (D, M)
    - b: biases, shape (M,)

    Returns a tuple of:
    - out: shape (N, M)
    - cache: (x, w, b)
    """
    out = None
    ###########################################################################
    # TODO: Implement the affine forward pass and store it in `out`. Reshape  #
    # x to (N, D) without copying it (x.reshape(N, -1)); do not modify x.     #
    ###########################################################################
    ### BEGIN SOLUTION
    out = x.reshape(x.shape[0], -1) @ w
    out += b
    ### END SOLUTION
    return out, (x, w, b)


def affine_backward(dout, cache):
    """Backward pass of the affine layer.

    Inputs:
    - dout: upstream derivative, shape (N, M)
    - cache: (x, w, b) from affine_forward

    Returns a tuple of:
    - dx: shape (N, d_1, ..., d_k), like x
    - dw: shape (D, M), like w
    - db: shape (M,), like b
    """
    x, w, b = cache
    dx, dw, db = None, None, None
    ###########################################################################
    # TODO: Implement the affine backward pass. dx must have the shape of x   #
    # (reshape the (N, D) gradient back), dw the shape of w, db that of b.    #
    ###########################################################################
    ### BEGIN SOLUTION
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = dout.sum(axis=0)
    ### END SOLUTION
    return dx, dw, db


def relu_forward(x):
    """Rectified linear unit: out = max(0, x), elementwise.

    Input:
    - x: array of any shape

    Returns a tuple of:
    - out: same shape as x
    - cache: x
    """
    out = None
    ###########################################################################
    # TODO: Implement the ReLU forward pass and store it in `out`.            #
    ###########################################################################
    ### BEGIN SOLUTION
    out = np.maximum(x, 0)
    ### END SOLUTION
    return out, x


def relu_backward(dout, cache):
    """Backward pass of the ReLU.

    Inputs:
    - dout: upstream derivative, any shape
    - cache: the input x of relu_forward, same shape as dout

    Returns:
    - dx: derivative with respect to x, same shape as dout
    """
    x = cache
    dx = None
    ###########################################################################
    # TODO: Implement the ReLU backward pass and store it in `dx`: the        #
    # gradient flows only where x > 0 (take it as 0 where x == 0).            #
    ###########################################################################
    ### BEGIN SOLUTION
    dx = dout * (x > 0)
    ### END SOLUTION
    return dx


def dropout_forward(x, dropout_param):
    """Inverted dropout.

    At training time every element of x is kept with probability p and zeroed
    otherwise; kept elements are divided by p so the expected value of each
    output equals its input. At test time the layer is the identity.

    Inputs:
    - x: input data, array of any shape
    - dropout_param: dict with the keys
      - p: keep probability, 0 < p <= 1 (NOT the probability of dropping)
      - mode: 'train' or 'test'
      - seed: optional int; when present, reseed numpy's global random number
        generator with it (np.random.seed(seed)) before drawing the mask, so the
        mask is the same on every call. Used for gradient checking only.

    Returns a tuple of:
    - out: same shape and dtype as x
    - cache: (dropout_param, mask); mask is None in test mode, otherwise an array
      of the shape and dtype of x holding 0 for dropped elements and 1/p for kept
      ones, so that out = x * mask.
    """
    p, mode = dropout_param["p"], dropout_param["mode"]
    if "seed" in dropout_param:
        np.random.seed(dropout_param["seed"])

    mask = None
    out = None

    if mode == "train":
        #######################################################################
        # TODO: Implement the training-time forward pass of inverted dropout. #
        # Draw the mask with np.random.rand(*x.shape) < p (the expected       #
        # outputs in the notebook depend on this exact call), scale it by     #
        # 1 / p, cast it to x.dtype, and store it in `mask`.                  #
        # Set `out` = x * mask.                                               #
        #######################################################################
        ### BEGIN SOLUTION
        mask = ((np.random.rand(*x.shape) < p) / p).astype(x.dtype, copy=False)
        out = x * mask
        ### END SOLUTION
    elif mode == "test":
        #######################################################################
        # TODO: Implement the test-time forward pass of inverted dropout:     #
        # nothing is dropped and nothing is rescaled. Store it in `out`.      #
        #######################################################################
        ### BEGIN SOLUTION
        out = x
        ### END SOLUTION
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")

    return out, (dropout_param, mask)


def dropout_backward(dout, cache):
    """Backward pass of inverted dropout.

    Inputs:
    - dout: upstream derivative, any shape
    - cache: (dropout_param, mask) from dropout_forward

    Returns:
    - dx: derivative with respect to x, same shape and dtype as dout
    """
    dropout_param, mask = cache
    mode = dropout_param["mode"]

    dx = None
    if mode == "train":
        #######################################################################
        # TODO: Implement the training-time backward pass of inverted         #
        # dropout. Only the elements the forward pass kept receive gradient,  #
        # scaled as in the forward pass. Reuse the mask from the cache; do    #
        # not draw a new one. Store the result in `dx`.                       #
        #######################################################################
        ### BEGIN SOLUTION
        dx = dout * mask
        ### END SOLUTION
    elif mode == "test":
        dx = dout
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")
    return dx


def svm_loss(x, y):
    """Multiclass SVM (hinge) loss with margin 1, averaged over the minibatch.

    Inputs:
    - x: class scores, shape (N, C); x[i, j] is the score of class j for example i
    - y: labels, shape (N,); 0 <= y[i] < C

    Returns a tuple of:
    - loss: scalar
    - dx: derivative of the loss with respect to x, shape (N, C)
    """
    N = x.shape[0]
    rows = np.arange(N)
    correct = x[rows, y][:, None]
    margins = np.maximum(0, x - correct + 1)
    margins[rows, y] = 0
    loss = margins.sum() / N

    positive = (margins > 0).astype(x.dtype)
    positive[rows, y] = -positive.sum(axis=1)
    dx = positive / N
    return loss, dx


def softmax_loss(x, y):
    """Softmax cross-entropy loss, averaged over the minibatch.

    Inputs:
    - x: class scores, shape (N, C)
    - y: labels, shape (N,); 0 <= y[i] < C

    Returns a tuple of:
    - loss: scalar
    - dx: derivative of the loss with respect to x, shape (N, C)
    """
    N = x.shape[0]
    rows = np.arange(N)
    # Shifting by the row maximum leaves the softmax unchanged and avoids overflow.
    shifted = x - x.max(axis=1, keepdims=True)
    log_probs = shifted - np.log(np.exp(shifted).sum(axis=1, keepdims=True))
    loss = -log_probs[rows, y].sum() / N

    dx = np.exp(log_probs)
    dx[rows, y] -= 1
    dx /= N
    return loss, dx


def batchnorm_forward(x, gamma, beta, bn_param):
    """Batch normalization of each feature over the minibatch (Ioffe and Szegedy, 2015).

    Training: each column of x is normalized with the mean and (biased) variance of
    the minibatch, then scaled by gamma and shifted by beta. Exponential running
    averages of the means and variances are kept in bn_param:

        running_mean = momentum * running_mean + (1 - momentum) * sample_mean
        running_var = momentum * running_var + (1 - momentum) * sample_var

    Test: the running averages replace the minibatch statistics.

    Inputs:
    - x: data, shape (N, D)
    - gamma: scale, shape (D,)
    - beta: shift, shape (D,)
    - bn_param: dict with the keys
      - mode: 'train' or 'test' (required)
      - eps: added to the variance for numerical stability (default 1e-5)
      - momentum: decay of the running averages (default 0.9)
      - running_mean, running_var: arrays of shape (D,), created as zeros on the
        first call and updated in bn_param on every training call

    Returns a tuple of:
    - out: shape (N, D), dtype of x
    - cache: what batchnorm_backward and batchnorm_backward_alt need (None in test mode)
    """
    mode = bn_param["mode"]
    eps = bn_param.get("eps", 1e-5)
    momentum = bn_param.get("momentum", 0.9)
    D = x.shape[1]
    running_mean = bn_param.get("running_mean", np.zeros(D, dtype=x.dtype))
    running_var = bn_param.get("running_var", np.zeros(D, dtype=x.dtype))

    out, cache = None, None
    if mode == "train":
        #######################################################################
        # TODO: Implement the training-time forward pass: compute the sample  #
        # mean and variance (np.var, i.e. divided by N) of every feature,     #
        # normalize x with them (add eps to the variance before the square   #
        # root), scale by gamma and shift by beta. Update running_mean and    #
        # running_var as in the docstring. Store in `cache` whatever the      #
        # backward passes need (e.g. x_hat, gamma, x - mean, 1 / std).        #
        #######################################################################
        ### BEGIN SOLUTION
        mean = x.mean(axis=0)
        centered = x - mean
        var = (centered * centered).mean(axis=0)
        inv_std = 1 / np.sqrt(var + eps)
        x_hat = centered * inv_std
        out = gamma * x_hat + beta
        running_mean = momentum * running_mean + (1 - momentum) * mean
        running_var = momentum * running_var + (1 - momentum) * var
        cache = (x_hat, gamma, centered, inv_std)
        ### END SOLUTION
    elif mode == "test":
        #######################################################################
        # TODO: Implement the test-time forward pass: normalize x with the    #
        # running mean and variance, then scale and shift. Store in `out`.    #
        #######################################################################
        ### BEGIN SOLUTION
        out = gamma * ((x - running_mean) / np.sqrt(running_var + eps)) + beta
        ### END SOLUTION
    else:
        raise ValueError(f"batchnorm mode must be 'train' or 'test', got {mode!r}")

    bn_param["running_mean"] = running_mean
    bn_param["running_var"] = running_var
    return out, cache


def batchnorm_backward(dout, cache):
    """Backward pass of training-time batch normalization, node by node.

    Work through the computational graph of the forward pass (mean, centering,
    variance, inverse standard deviation, normalization, scale and shift) from the
    output back to x, one node at a time.

    Inputs:
    - dout: upstream derivative, shape (N, D)
    - cache: from batchnorm_forward

    Returns a tuple of:
    - dx: shape (N, D)
    - dgamma: shape (D,)
    - dbeta: shape (D,)
    """
    dx, dgamma, dbeta = None, None, None
    ###########################################################################
    # TODO: Implement the backward pass by backpropagating through every      #
    # intermediate node of your forward pass.                                 #
    ###########################################################################
    ### BEGIN SOLUTION
    x_hat, gamma, centered, inv_std = cache
    N = dout.shape[0]
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dinv_std = (dx_hat * centered).sum(axis=0)
    dvar = dinv_std * -0.5 * inv_std**3
    dcentered = dx_hat * inv_std + dvar * 2 * centered / N
    dx = dcentered - dcentered.mean(axis=0)
    ### END SOLUTION
    return dx, dgamma, dbeta


def batchnorm_backward_alt(dout, cache):
    """Backward pass of training-time batch normalization, as one simplified expression.

    Derive dx on paper in terms of x_hat, gamma and 1 / std, simplify, and compute
    it without going through the intermediate nodes. The result must equal that of
    batchnorm_backward; the notebook measures the speed-up.

    Inputs and returns: as batchnorm_backward.
    """
    dx, dgamma, dbeta = None, None, None
    ###########################################################################
    # TODO: Implement the simplified backward pass (one expression for dx).   #
    ###########################################################################
    ### BEGIN SOLUTION
    x_hat, gamma, _, inv_std = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = inv_std * (dx_hat - dx_hat.mean(axis=0) - x_hat * (dx_hat * x_hat).mean(axis=0))
    ### END SOLUTION
    return dx, dgamma, dbeta


def layernorm_forward(x, gamma, beta, ln_param):
    """Layer normalization: each example (row of x) is normalized over its features.

    Unlike batch normalization, training and test time compute the same thing and
    no running averages are kept.

    Inputs:
    - x: data, shape (N, D)
    - gamma: scale, shape (D,)
    - beta: shift, shape (D,)
    - ln_param: dict with the optional key eps (default 1e-5)

    Returns a tuple of:
    - out: shape (N, D)
    - cache: what layernorm_backward needs
    """
    eps = ln_param.get("eps", 1e-5)
    out, cache = None, None
    ###########################################################################
    # TODO: Normalize every row of x with the mean and (biased) variance of   #
    # that row (add eps before the square root), then scale by gamma and      #
    # shift by beta. Hint: this is batch normalization of x.T, in train mode. #
    ###########################################################################
    ### BEGIN SOLUTION
    mean = x.mean(axis=1, keepdims=True)
    centered = x - mean
    var = (centered * centered).mean(axis=1, keepdims=True)
    inv_std = 1 / np.sqrt(var + eps)
    x_hat = centered * inv_std
    out = gamma * x_hat + beta
    cache = (x_hat, gamma, inv_std)
    ### END SOLUTION
    return out, cache


def layernorm_backward(dout, cache):
    """Backward pass of layer normalization.

    Inputs:
    - dout: upstream derivative, shape (N, D)
    - cache: from layernorm_forward

    Returns a tuple of:
    - dx: shape (N, D)
    - dgamma: shape (D,)
    - dbeta: shape (D,)
    """
    dx, dgamma, dbeta = None, None, None
    ###########################################################################
    # TODO: Implement the backward pass of layer normalization. The           #
    # statistics are per row, so sums over examples become sums over          #
    # features, except for dgamma and dbeta.                                  #
    ###########################################################################
    ### BEGIN SOLUTION
    x_hat, gamma, inv_std = cache
    dbeta = dout.sum(axis=0)
    dgamma = (dout * x_hat).sum(axis=0)
    dx_hat = dout * gamma
    dx = inv_std * (dx_hat - dx_hat.mean(axis=1, keepdims=True)
                    - x_hat * (dx_hat * x_hat).mean(axis=1, keepdims=True))
    ### END SOLUTION
    return dx, dgamma, dbeta
