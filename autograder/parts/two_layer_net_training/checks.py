"""The log of the Solver that trains the TwoLayerNet: genuine data, validation accuracy target."""
from autograder.parts.logs import training_log_checks

PART = "two_layer_net_training"
test_log_is_well_formed, test_validation_accuracy = training_log_checks(PART, "TwoLayerNet", 2, 2)
