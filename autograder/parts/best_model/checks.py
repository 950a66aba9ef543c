"""The log of the best model's Solver: genuine data, validation accuracy target."""
from autograder.parts.logs import training_log_checks

PART = "best_model"
test_log_is_well_formed, test_validation_accuracy = training_log_checks(PART, "FullyConnectedNet", 1, 2)
