"""The regularization experiment's logs (Dropout.ipynb); its first epoch is re-run with the student's code."""
import numpy as np

from autograder.experiments import REGULARIZATION, REGULARIZATION_LEARNING_RATE, REGULARIZATION_SEED
from autograder.mutants import deleted, fabricated, log_mutant, pickled, set_config

TITLE = "Regularization experiment logs"
GRADES = "logs"  # judged from the submitted experiment logs


def inputs(rng, experiment_data):
    settings = REGULARIZATION.settings
    return {
        **{key: experiment_data[key] for key in ("X_train", "y_train", "X_val", "y_val")},
        "seed": np.asarray(REGULARIZATION_SEED), "hidden_dims": np.asarray(settings["model.hidden_dims"]),
        "keep_ratios": np.asarray(list(REGULARIZATION.logs)), "batch_size": np.asarray(REGULARIZATION.batch_size),
        "learning_rate": np.asarray(REGULARIZATION_LEARNING_RATE), "update_rule": np.asarray(settings["update_rule"]),
    }


KEEP1, KEEP025 = REGULARIZATION.path(1.0), REGULARIZATION.path(0.25)
MUTANTS = [
    log_mutant("log_missing", KEEP025, deleted, "dropout_regularization_keep0.25.npz is missing"),
    log_mutant("log_pickled", KEEP1, pickled, "cannot be read with np.load(allow_pickle=False)"),
    log_mutant("log_other_learning_rate", KEEP1, set_config("optim_config.learning_rate", 1e-3),
               "the notebook prescribes 0.0005"),
    log_mutant("log_other_data", KEEP025, set_config("data_fingerprint", "0123456789abcdef"), "trained on other data"),
    log_mutant("log_fabricated", KEEP1, fabricated, "not produced by the code you submitted"),
]
