"""The log of the Solver that trains the TwoLayerNet (FullyConnectedNets.ipynb)."""
from autograder.parts.graded_experiments import TRAINING_LOGS
from autograder.parts.spec import Spec

SPEC = Spec(
    title="Two-layer network training log",
    seconds=0.359,
    memory_mb=49.3,
    replayed=(TRAINING_LOGS["two_layer_net_training"],),
    proved=(TRAINING_LOGS["two_layer_net_training"],),  # its best parameters give its best validation accuracy
)
