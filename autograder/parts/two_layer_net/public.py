"""Public checks of TwoLayerNet (FullyConnectedNets.ipynb).

The grader checks the net with correct affine and ReLU layers in place of yours: if a check
fails here while your layers fail their own checks, fix the layers first.
"""
from .common import Checks, check_net, network_shapes, parameter_shapes_note

checks = Checks("two_layer_net", replaced=("affine_layer", "relu_layer"))
DIMS = [12, 8, 5]


def _net(scale, reg=0.0):
    from ..classifiers.fc_net import TwoLayerNet

    return TwoLayerNet(input_dim=DIMS[0], hidden_dim=DIMS[1], num_classes=DIMS[2], weight_scale=scale, reg=reg)


@checks.add("Initialization, test-time scores, regularized loss and gradients of your TwoLayerNet")
def _two_layer_net():
    from ..classifiers.fc_net import TwoLayerNet

    check_net(_net, DIMS, 3e-2, (TwoLayerNet(input_dim=200, hidden_dim=150, num_classes=10, weight_scale=2e-2),
                                 [200, 150, 10]))


@checks.add("The parameters have the docstring's shapes", note=True)
def _shapes():
    parameter_shapes_note(_net(3e-2).params, network_shapes(DIMS))
