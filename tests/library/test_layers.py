"""The reference layers reproduce the seeds' numbers and keep the cs231n conventions."""
import numpy as np
import pytest
from autograder.parts.checking import rel_error

from deeplearning.gradient_check import eval_numerical_gradient, eval_numerical_gradient_array
from deeplearning.layers import (
    affine_backward, affine_forward, dropout_backward, dropout_forward, relu_backward, relu_forward,
    softmax_loss, svm_loss,
)

# Printed by the seeds' forward-check cell (np.random.seed(231), x = randn(500, 500) + 10).
SEED_TRAIN_MEANS = {0.25: 10.014059116977283, 0.4: 9.977917658761159, 0.7: 9.987811912159426}
SEED_ZERO_FRACTIONS = {0.25: 0.749784, 0.4: 0.600796, 0.7: 0.30074}


def test_dropout_forward_reproduces_seed_numbers():
    np.random.seed(231)
    x = np.random.randn(500, 500) + 10
    for p in [0.25, 0.4, 0.7]:
        out, _ = dropout_forward(x, {"mode": "train", "p": p})
        out_test, _ = dropout_forward(x, {"mode": "test", "p": p})
        assert abs(out.mean() - SEED_TRAIN_MEANS[p]) / SEED_TRAIN_MEANS[p] <= 1e-12
        assert abs((out == 0).mean() - SEED_ZERO_FRACTIONS[p]) / SEED_ZERO_FRACTIONS[p] <= 1e-12
        assert out_test.mean() == x.mean()
        assert (out_test == 0).mean() == 0


@pytest.mark.parametrize("dtype", [np.float32, np.float64])
def test_dropout_keeps_dtype_shape_and_inverted_scaling(dtype):
    x = np.random.randn(4, 5, 6).astype(dtype) + 3
    out, (_, mask) = dropout_forward(x, {"mode": "train", "p": 0.4})
    assert out.dtype == dtype and out.shape == x.shape
    assert mask.dtype == dtype
    kept = mask != 0
    np.testing.assert_allclose(out[kept], x[kept] / dtype(0.4), rtol=1e-6)
    assert np.all(out[~kept] == 0)
    dx = dropout_backward(np.ones_like(x), (_, mask))
    assert dx.dtype == dtype


def test_dropout_seed_makes_the_mask_reproducible_and_test_mode_is_identity():
    x = np.random.randn(50, 60)
    param = {"mode": "train", "p": 0.5, "seed": 7}
    a, _ = dropout_forward(x, param)
    b, _ = dropout_forward(x, param)
    np.testing.assert_array_equal(a, b)
    c, _ = dropout_forward(x, {"mode": "train", "p": 0.5})
    assert not np.array_equal(a, c)
    out, (_, mask) = dropout_forward(x, {"mode": "test", "p": 0.5})
    np.testing.assert_array_equal(out, x)
    assert mask is None


def test_dropout_backward_matches_numeric_gradient():
    np.random.seed(231)
    x = np.random.randn(10, 10) + 10
    dout = np.random.randn(*x.shape)
    param = {"mode": "train", "p": 0.2, "seed": 123}
    _, cache = dropout_forward(x, param)
    dx = dropout_backward(dout, cache)
    dx_num = eval_numerical_gradient_array(lambda xx: dropout_forward(xx, param)[0], x, dout)
    # The seed prints 5.44560814873387e-11 and asks for "around e-10 or less".
    assert rel_error(dx, dx_num) < 1e-10


def test_dropout_rejects_unknown_mode():
    with pytest.raises(ValueError, match="train"):
        dropout_forward(np.ones(3), {"mode": "eval", "p": 0.5})


def test_affine_and_relu_gradients():
    np.random.seed(231)
    x = np.random.randn(10, 2, 3)
    w = np.random.randn(6, 5)
    b = np.random.randn(5)
    dout = np.random.randn(10, 5)
    dx, dw, db = affine_backward(dout, affine_forward(x, w, b)[1])
    assert dx.shape == x.shape and dw.shape == w.shape and db.shape == b.shape
    assert rel_error(dx, eval_numerical_gradient_array(lambda v: affine_forward(v, w, b)[0], x, dout)) < 1e-9
    assert rel_error(dw, eval_numerical_gradient_array(lambda v: affine_forward(x, v, b)[0], w, dout)) < 1e-9
    assert rel_error(db, eval_numerical_gradient_array(lambda v: affine_forward(x, w, v)[0], b, dout)) < 1e-9

    x = np.random.randn(10, 10)
    dout = np.random.randn(*x.shape)
    dx = relu_backward(dout, relu_forward(x)[1])
    assert rel_error(dx, eval_numerical_gradient_array(lambda v: relu_forward(v)[0], x, dout)) < 1e-9


@pytest.mark.parametrize("loss_fn, expected_loss", [(svm_loss, 9.0), (softmax_loss, np.log(10))])
def test_losses_have_the_known_value_and_numeric_gradient(loss_fn, expected_loss):
    np.random.seed(231)
    x = 0.001 * np.random.randn(50, 10)
    y = np.random.randint(10, size=50)
    loss, dx = loss_fn(x, y)
    assert abs(loss - expected_loss) < 0.01
    dx_num = eval_numerical_gradient(lambda v: loss_fn(v, y)[0], x, verbose=False)
    assert rel_error(dx_num, dx) < 1e-7
