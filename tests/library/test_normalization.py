"""The reference batch and layer normalization and the TwoLayerNet reproduce the seeds' numbers."""
import numpy as np
import pytest
from autograder.parts.checking import rel_error

from deeplearning.classifiers.fc_net import FullyConnectedNet, TwoLayerNet
from deeplearning.gradient_check import eval_numerical_gradient, eval_numerical_gradient_array
from deeplearning.layers import (
    batchnorm_backward, batchnorm_backward_alt, batchnorm_forward, layernorm_backward, layernorm_forward,
)

# Seed 004: test-time batchnorm after 50 warm-up passes (np.random.seed(7)), first five rows.
SEED_TEST_TIME_ROWS = np.array([[-7.37859885e-01, 2.10050591e+00, -3.24286480e-01],
                                [2.02781031e+00, 1.92492178e-01, 1.54852388e+00],
                                [5.44242949e-01, 1.07389911e+00, 8.06464618e-01],
                                [-2.25599789e-02, 7.64501325e-01, -3.03045313e-01],
                                [-9.74592587e-01, 6.01731799e-01, -6.57200019e-03]])
# Seed 004: scores of the batchnorm net with linspace parameters, normalized with one minibatch's statistics.
SEED_BN_NET_SCORES = np.array(
    [[0.28397701, 0.46532063, 0.64666426, 0.82800788, 1.0093515, 1.19069513, 1.37203875, 1.55338238, 1.734726,
      1.91606962],
     [-0.9, -0.78888889, -0.67777778, -0.56666667, -0.45555556, -0.34444444, -0.23333333, -0.12222222, -0.01111111,
      0.1]])


def test_batchnorm_test_time_reproduces_the_seed():
    np.random.seed(7)
    W1, W2 = np.random.randn(50, 60), np.random.randn(60, 3)
    bn_param = {"mode": "train"}
    for _ in range(50):
        a = np.maximum(0, np.random.randn(200, 50) @ W1) @ W2
        batchnorm_forward(a, np.ones(3), np.zeros(3), bn_param)
    bn_param["mode"] = "test"
    a = np.maximum(0, np.random.randn(200, 50) @ W1) @ W2
    out, _ = batchnorm_forward(a, np.ones(3), np.zeros(3), bn_param)
    assert np.abs(out[:5] - SEED_TEST_TIME_ROWS).max() < 1e-8


def test_batchnorm_training_statistics_and_float32():
    x = 4 * np.random.RandomState(0).randn(100, 6) + 3
    out, _ = batchnorm_forward(x, np.arange(1.0, 7.0), np.arange(6.0), {"mode": "train"})
    np.testing.assert_allclose(out.mean(axis=0), np.arange(6.0), atol=1e-12)
    np.testing.assert_allclose(out.std(axis=0), np.arange(1.0, 7.0), rtol=1e-5)
    x32 = x.astype(np.float32)
    gamma, beta = np.ones(6, np.float32), np.zeros(6, np.float32)
    param = {"mode": "train"}
    assert batchnorm_forward(x32, gamma, beta, param)[0].dtype == np.float32
    param["mode"] = "test"
    assert batchnorm_forward(x32, gamma, beta, param)[0].dtype == np.float32


@pytest.mark.parametrize("backward", [batchnorm_backward, batchnorm_backward_alt])
def test_batchnorm_backward_matches_numeric_gradients(backward):
    rng = np.random.RandomState(231)
    x, gamma, beta, dout = 5 * rng.randn(4, 5) + 12, rng.randn(5), rng.randn(5), rng.randn(4, 5)
    param = {"mode": "train"}
    _, cache = batchnorm_forward(x, gamma, beta, param)
    dx, dgamma, dbeta = backward(dout, cache)
    assert rel_error(dx, eval_numerical_gradient_array(lambda x: batchnorm_forward(x, gamma, beta, param)[0], x,
                                                       dout)) < 1e-8
    assert rel_error(dgamma, eval_numerical_gradient_array(lambda g: batchnorm_forward(x, g, beta, param)[0],
                                                           gamma.copy(), dout)) < 1e-9
    assert rel_error(dbeta, dout.sum(axis=0)) < 1e-12


def test_layernorm_normalizes_rows_and_matches_numeric_gradients():
    rng = np.random.RandomState(231)
    x, gamma, beta, dout = 5 * rng.randn(4, 5) + 12, rng.randn(5), rng.randn(5), rng.randn(4, 5)
    out, cache = layernorm_forward(x, np.ones(5), np.zeros(5), {})
    np.testing.assert_allclose(out.mean(axis=1), 0, atol=1e-12)
    out, cache = layernorm_forward(x, gamma, beta, {})
    dx, dgamma, _ = layernorm_backward(dout, cache)
    assert rel_error(dx, eval_numerical_gradient_array(lambda x: layernorm_forward(x, gamma, beta, {})[0], x,
                                                       dout)) < 1e-8
    assert rel_error(dgamma, eval_numerical_gradient_array(lambda g: layernorm_forward(x, g, beta, {})[0],
                                                           gamma.copy(), dout)) < 1e-9


def test_batchnorm_net_reproduces_the_seed_scores_and_normalizes_hidden_layers_only():
    N, D, H1, H2, C = 2, 15, 20, 30, 10
    model = FullyConnectedNet([H1, H2], input_dim=D, num_classes=C, dtype=np.float64, normalization="batchnorm")
    assert sorted(k for k in model.params if k.startswith(("gamma", "beta"))) == ["beta1", "beta2", "gamma1", "gamma2"]
    shapes = {"W1": (D, H1), "b1": H1, "W2": (H1, H2), "b2": H2, "W3": (H2, C), "b3": C}
    lows = {"W1": -0.7, "b1": -0.1, "W2": -0.3, "b2": -0.9, "W3": -0.3, "b3": -0.9}
    highs = {"W1": 0.3, "b1": 0.9, "W2": 0.4, "b2": 0.1, "W3": 0.4, "b3": 0.1}
    for name, shape in shapes.items():
        model.params[name] = np.linspace(lows[name], highs[name], num=int(np.prod(shape))).reshape(shape)
    X = np.linspace(-5.5, 4.5, num=N * D).reshape(D, N).T
    for bn_param in model.bn_params:
        bn_param["momentum"] = 0.0
    model.loss(X, np.array([0, 1]))
    assert rel_error(model.loss(X), SEED_BN_NET_SCORES) < 1e-7


@pytest.mark.parametrize("normalization", ["batchnorm", "layernorm"])
def test_normalized_net_gradients(normalization):
    np.random.seed(231)
    X, y = np.random.randn(6, 15), np.random.randint(10, size=6)
    model = FullyConnectedNet([20, 30], input_dim=15, reg=3.14, weight_scale=5e-2, dtype=np.float64,
                              normalization=normalization)
    _, grads = model.loss(X, y)
    for name in grads:
        numeric = eval_numerical_gradient(lambda _: model.loss(X, y)[0], model.params[name], verbose=False)
        assert rel_error(numeric, grads[name]) < 1e-5, name


def test_two_layer_net_reproduces_the_seed():
    N, D, H, C = 3, 5, 50, 7
    model = TwoLayerNet(input_dim=D, hidden_dim=H, num_classes=C, weight_scale=1e-3)
    model.params["W1"] = np.linspace(-0.7, 0.3, num=D * H).reshape(D, H)
    model.params["b1"] = np.linspace(-0.1, 0.9, num=H)
    model.params["W2"] = np.linspace(-0.3, 0.4, num=H * C).reshape(H, C)
    model.params["b2"] = np.linspace(-0.9, 0.1, num=C)
    X = np.linspace(-5.5, 4.5, num=N * D).reshape(D, N).T
    assert abs(model.loss(X)[0, 0] - 11.53165108) < 1e-8
    y = np.array([0, 5, 1])
    assert abs(model.loss(X, y)[0] - 3.4702243556) < 1e-10
    model.reg = 1.0
    assert abs(model.loss(X, y)[0] - 26.5948426952) < 1e-10
