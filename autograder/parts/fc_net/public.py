"""Public checks of FullyConnectedNet with dropout (Dropout.ipynb).

The grader checks the net with correct affine, ReLU and dropout layers in place of yours:
if a check fails here while your layers fail their own checks, fix the layers first.
"""
import numpy as np

from .common import (DROPOUT_AT_TEST_TIME, Checks, check_loss_gradients, check_net, fail, net_data, network_shapes,
                     parameter_shapes_note, printed_numbers_note, rng, set_params)

checks = Checks("fc_net", replaced=("affine_layer", "relu_layer", "dropout_forward", "dropout_backward"))
DIMS = [12, 8, 7, 5]

# The initial losses that Dropout.ipynb prints (np.random.seed(231), FullyConnectedNet([20, 30], input_dim=15,
# seed=123)), by keep ratio.
NOTEBOOK_LOSSES = {"loss_1": 2.300479089768492, "loss_0.75": 2.302371489704412, "loss_0.5": 2.30427592207859}
OTHER_DRAWS = ("those numbers come from drawing W1, W2, W3 in that order with weight_scale * np.random.randn and "
               "the dropout masks with np.random.rand, and your draws differ")


def _net(scale, reg=0.0, **kwargs):
    from ..classifiers.fc_net import FullyConnectedNet

    return FullyConnectedNet(DIMS[1:-1], input_dim=DIMS[0], num_classes=DIMS[-1], weight_scale=scale, reg=reg,
                             dtype=np.float64, **kwargs)


@checks.add("Initialization, test-time scores, regularized loss and gradients of your FullyConnectedNet")
def _plain():
    from ..classifiers.fc_net import FullyConnectedNet

    large = FullyConnectedNet([100, 90], input_dim=160, num_classes=10, weight_scale=2e-2, dtype=np.float64)
    check_net(_net, DIMS, 5e-2, (large, [160, 100, 90, 10]))


@checks.add("With dropout, the gradients match the numeric ones (a seed fixes the masks)")
def _dropout_gradients():
    source = rng()
    model = _net(5e-2, dropout_keep_ratio=0.6, seed=123)
    set_params(model, source, network_shapes(DIMS))
    X, y = net_data(source)
    _, grads = model.loss(X, y)
    check_loss_gradients(model, X, y, grads, " with dropout")


@checks.add("At test time (y is None) no unit is dropped")
def _test_time():
    source = rng()
    model = _net(5e-2, dropout_keep_ratio=0.5)
    set_params(model, source, network_shapes(DIMS))
    plain = _net(5e-2)
    plain.params = dict(model.params)
    X, _ = net_data(source)
    model.loss(X, source.randint(5, size=X.shape[0]))  # a training step first: the mode must be set on every call
    scores = [model.loss(X) for _ in range(2)]
    if not all(np.allclose(s, plain.loss(X)) for s in scores):
        fail(DROPOUT_AT_TEST_TIME, "dropout_at_test_time")


@checks.add("The parameters have the docstring's shapes", note=True)
def _shapes():
    parameter_shapes_note(_net(5e-2).params, network_shapes(DIMS))


@checks.add("The notebook's check prints its expected initial losses", note=True)
def _notebook_losses():
    from ..classifiers.fc_net import FullyConnectedNet

    np.random.seed(231)
    X, y = np.random.randn(2, 15), np.random.randint(10, size=(2,))
    printed_numbers_note({f"loss_{keep}": float(FullyConnectedNet(
        [20, 30], input_dim=15, num_classes=10, weight_scale=5e-2, dtype=np.float64, dropout_keep_ratio=keep,
        seed=123).loss(X, y)[0]) for keep in (1, 0.75, 0.5)}, NOTEBOOK_LOSSES, OTHER_DRAWS)
