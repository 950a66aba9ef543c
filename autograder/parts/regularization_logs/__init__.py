"""The regularization experiment's logs (Dropout.ipynb); the start of both runs is replayed with the student's code."""
from autograder.parts.experiments import REGULARIZATION
from autograder.mutants import deleted, fabricated, log_mutant, pickled, set_config

TITLE = "Regularization experiment logs"
GRADES = "logs"  # judged from the submitted experiment logs


REPLAYED = [path for path, _ in REGULARIZATION.logs.values()]
PROVED = REPLAYED  # their last parameters give their last accuracies

KEEP1, KEEP025 = REGULARIZATION.path(1.0), REGULARIZATION.path(0.25)
MUTANTS = [
    log_mutant("log_missing", KEEP025, deleted, "dropout_regularization_keep0.25.npz is missing",
               mistake="regularization_logs/log_missing"),
    log_mutant("log_pickled", KEEP1, pickled, "cannot be read with np.load(allow_pickle=False)",
               mistake="regularization_logs/log_unreadable"),
    log_mutant("log_other_learning_rate", KEEP1, set_config("optim_config.learning_rate", 1e-3),
               "the notebook prescribes 0.0005", mistake="regularization_logs/log_settings"),
    log_mutant("log_other_data", KEEP025, set_config("data_fingerprint", "0123456789abcdef"), "trained on other data",
               mistake="regularization_logs/log_data"),
    log_mutant("log_fabricated", KEEP1, fabricated, "re-run the notebook with your final code", public=False,
               mistake="regularization_logs/log_not_replayed"),
]
