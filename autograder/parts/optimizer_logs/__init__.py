"""The update-rule comparison's logs (FullyConnectedNets.ipynb)."""
from autograder.parts.experiments import OPTIMIZERS
from autograder.mutants import log_mutant, set_config

TITLE = "Update rule comparison logs"
GRADES = "logs"  # judged from the submitted experiment logs
REPLAYED = [path for path, _ in OPTIMIZERS.logs.values()]
PROVED = REPLAYED  # their last parameters give their last accuracies
TRAINING_LOSS = PROVED  # and the training loss each rule reaches
MUTANTS = [log_mutant("optimizer_log_other_rule", OPTIMIZERS.path("adam"), set_config("update_rule", "sgd"),
                      "the notebook prescribes 'adam'", mistake="optimizer_logs/log_settings")]
