"""Public checks of the two-layer net's training log (FullyConnectedNets.ipynb)."""
from .experiments import log_checks

checks = log_checks("two_layer_net_training")
