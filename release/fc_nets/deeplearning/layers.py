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
    out = x.reshape(x.shape[0], -1) @ w
    out += b
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
    dx = (dout @ w.T).reshape(x.shape)
    dw = x.reshape(x.shape[0], -1).T @ dout
    db = dout.sum(axis=0)
    return dx, dw, db


def relu_forward(x):
    """Rectified linear unit: out = max(0, x), elementwise.

    Input:
    - x: array of any shape

    Returns a tuple of:
    - out: same shape as x
    - cache: x
    """
    return np.maximum(x, 0), x


def relu_backward(dout, cache):
    """Backward pass of the ReLU.

    Inputs:
    - dout: upstream derivative, any shape
    - cache: the input x of relu_forward, same shape as dout

    Returns:
    - dx: derivative with respect to x, same shape as dout
    """
    x = cache
    return dout * (x > 0)


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
        # YOUR CODE HERE
        raise NotImplementedError("dropout_forward in deeplearning/layers.py: implement the TODO above this line")
    elif mode == "test":
        #######################################################################
        # TODO: Implement the test-time forward pass of inverted dropout:     #
        # nothing is dropped and nothing is rescaled. Store it in `out`.      #
        #######################################################################
        # YOUR CODE HERE
        raise NotImplementedError("dropout_forward in deeplearning/layers.py: implement the TODO above this line")
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
        # YOUR CODE HERE
        raise NotImplementedError("dropout_backward in deeplearning/layers.py: implement the TODO above this line")
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
