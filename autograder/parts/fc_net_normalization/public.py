"""Public checks of FullyConnectedNet with batch and layer normalization (BatchNormalization.ipynb).

The grader checks the net with correct layers in place of yours, and grades what the net
shares with the one without normalization (the affine-ReLU chain, the loss, the weights'
regularization) in fc_net only: if a check fails here while those fail their own checks,
fix them first.
"""
import numpy as np

from .common import (Checks, check_loss_gradients, check_normalization_params, net_data, network_shapes,
                     parameter_shapes_note, rng, set_params)

checks = Checks("fc_net_normalization", replaced=("fc_net", "affine_layer", "relu_layer", "dropout_forward",
                                                  "dropout_backward", "batchnorm_forward", "batchnorm_backward",
                                                  "layernorm"))
DIMS = [12, 8, 7, 5]


def _net(normalization):
    from ..classifiers.fc_net import FullyConnectedNet

    return FullyConnectedNet(DIMS[1:-1], input_dim=DIMS[0], num_classes=DIMS[-1], weight_scale=5e-2,
                             dtype=np.float64, normalization=normalization)


@checks.add("With batchnorm and with layernorm: gamma and beta of every hidden layer, regularized loss and gradients")
def _normalization():
    for kind in ("batchnorm", "layernorm"):
        source = rng()
        model = _net(kind)
        check_normalization_params(model.params, kind, DIMS[1:-1])
        set_params(model, source, network_shapes(DIMS, normalization=True))
        X, y = net_data(source, N=8)
        model.reg = 0.7
        _, grads = model.loss(X, y)
        check_loss_gradients(model, X, y, grads, f" with {kind}")


@checks.add("The parameters have the docstring's shapes", note=True)
def _shapes():
    for kind in ("batchnorm", "layernorm"):
        parameter_shapes_note(_net(kind).params, network_shapes(DIMS, normalization=True))
