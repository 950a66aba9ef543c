"""FullyConnectedNet: the seeds' initial losses, gradient checks, and where dropout goes."""
import numpy as np
from autograder.parts.checking import rel_error

from deeplearning.classifiers.fc_net import FullyConnectedNet
from deeplearning.gradient_check import eval_numerical_gradient
from deeplearning.layers import affine_forward, dropout_forward, relu_forward, softmax_loss
from deeplearning.solver import set_random_state

SEED_INITIAL_LOSS = {1: 2.300479089768492, 0.75: 2.302371489704412, 0.5: 2.30427592207859}
SEED_INITIAL_LOSS_REG = 7.052114776533016  # reg = 3.14, no dropout


def seed_problem():
    np.random.seed(231)
    N, D, C = 2, 15, 10
    X = np.random.randn(N, D)
    y = np.random.randint(C, size=(N,))
    return X, y


def seed_model(**kwargs):
    return FullyConnectedNet([20, 30], input_dim=15, num_classes=10, weight_scale=5e-2, dtype=np.float64, **kwargs)


def test_dropout_net_initial_losses_and_gradients_match_the_seeds():
    # As in the notebook: the nets are built one after the other from the same RNG
    # stream, so each net's weights depend on what the previous one drew.
    X, y = seed_problem()
    for keep in [1, 0.75, 0.5]:
        model = seed_model(dropout_keep_ratio=keep, seed=123)
        loss, grads = model.loss(X, y)
        assert abs(loss - SEED_INITIAL_LOSS[keep]) / SEED_INITIAL_LOSS[keep] <= 1e-12, keep
        assert sorted(grads) == sorted(model.params)
        for name in sorted(grads):
            grad_num = eval_numerical_gradient(lambda _: model.loss(X, y)[0], model.params[name], verbose=False, h=1e-5)
            # The seeds: "around e-6 or less; for keep ratio 1, W2 on the order of e-5 is fine".
            threshold = 1e-4 if (keep == 1 and name == "W2") else 1e-5
            assert rel_error(grad_num, grads[name]) < threshold, (keep, name)


def test_regularized_initial_loss_matches_the_seed():
    X, y = seed_problem()
    losses = [seed_model(reg=reg).loss(X, y)[0] for reg in (0, 3.14)]
    assert abs(losses[0] - SEED_INITIAL_LOSS[1]) / SEED_INITIAL_LOSS[1] <= 1e-12
    assert abs(losses[1] - SEED_INITIAL_LOSS_REG) / SEED_INITIAL_LOSS_REG <= 1e-12


def loss_by_hand(model, X, y, dropout_after):
    """Train-mode loss of a 3-layer model with seeded dropout after the given layers."""
    param = {"mode": "train", "p": 0.5, "seed": 42}
    h = X
    for i in (1, 2, 3):
        h = affine_forward(h, model.params[f"W{i}"], model.params[f"b{i}"])[0]
        if i < 3:
            h = relu_forward(h)[0]
        if i in dropout_after:
            h = dropout_forward(h, param)[0]
    return softmax_loss(h, y)[0]


def test_dropout_follows_every_hidden_relu_and_not_the_output():
    X = np.random.randn(5, 15)
    y = np.arange(5)
    model = seed_model(dropout_keep_ratio=0.5, seed=42)
    loss, _ = model.loss(X, y)
    assert np.isclose(loss, loss_by_hand(model, X, y, dropout_after={1, 2}), rtol=1e-12)
    # The check can tell the placements apart:
    for wrong in ({1}, {2}, {1, 2, 3}):
        assert not np.isclose(loss, loss_by_hand(model, X, y, dropout_after=wrong), rtol=1e-6)


def test_test_mode_is_deterministic_and_ignores_dropout():
    X = np.random.randn(7, 15)
    with_dropout = seed_model(dropout_keep_ratio=0.3)
    without = seed_model()
    without.params = {k: v.copy() for k, v in with_dropout.params.items()}
    a = with_dropout.loss(X)
    np.testing.assert_array_equal(a, with_dropout.loss(X))
    np.testing.assert_array_equal(a, without.loss(X))
    assert a.shape == (7, 10)


def test_float32_model_stays_float32():
    model = FullyConnectedNet([8], input_dim=6, num_classes=3, dropout_keep_ratio=0.5)
    X = np.random.randn(4, 6)  # float64 input
    assert model.loss(X).dtype == np.float32
    _, grads = model.loss(X, np.array([0, 1, 2, 0]))
    assert all(g.dtype == np.float32 for g in grads.values())
    assert all(p.dtype == np.float32 for p in model.params.values())


def test_config_describes_the_model():
    np.random.seed(5)
    model = FullyConnectedNet([500], dropout_keep_ratio=0.25)
    state = model.config.pop("random_state")
    assert model.config == {
        "model": "FullyConnectedNet", "hidden_dims": [500], "input_dim": 3072, "num_classes": 10,
        "dropout_keep_ratio": 0.25, "normalization": None, "reg": 0.0, "weight_scale": 0.01, "dtype": "float32",
        "seed": None,
    }
    set_random_state(state)  # the state before the weights were drawn: they come out the same
    again = FullyConnectedNet([500], dropout_keep_ratio=0.25)
    assert all(np.array_equal(again.params[name], model.params[name]) for name in model.params)
    assert model.num_layers == 2 and model.use_dropout
    assert not FullyConnectedNet([500]).use_dropout
