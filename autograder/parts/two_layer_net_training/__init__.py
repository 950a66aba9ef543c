"""The log of the Solver that trains the TwoLayerNet (FullyConnectedNets.ipynb)."""
from autograder.parts.experiments import TRAINING_LOGS
from autograder.mutants import deleted, log_mutant

TITLE = "Two-layer network training log"
GRADES = "logs"  # judged from the submitted experiment logs
REPLAYED = [TRAINING_LOGS["two_layer_net_training"]]
PROVED = REPLAYED  # its best parameters give its best validation accuracy
MUTANTS = [log_mutant("two_layer_log_missing", TRAINING_LOGS["two_layer_net_training"], deleted,
                      "two_layer_net.npz is missing", mistake="two_layer_net_training/log_missing")]
