"""The overfitting runs' logs (FullyConnectedNets.ipynb)."""
import numpy as np

from autograder.parts.experiments import OVERFIT
from autograder.mutants import log_mutant, rewrite_log

TITLE = "Overfitting logs"
GRADES = "logs"  # judged from the submitted experiment logs
REPLAYED = [path for path, _ in OVERFIT.logs.values()]
REPLAY_WHOLE = True  # 40 iterations of SGD on 50 images: every number of both runs is replayed


def _raise_later_training_accuracies(path):
    """What a student whose net does not fit might do: claim 100% from the fifth epoch on."""
    rewrite_log(path, lambda arrays: arrays.update(train_acc_history=np.where(
        np.arange(arrays["train_acc_history"].size) >= 5, 1.0, arrays["train_acc_history"])))


MUTANTS = [log_mutant("overfit_log_accuracies_raised", OVERFIT.path((100,) * 4), _raise_later_training_accuracies,
                      "your code from the log's settings gives", public=False, mistake="overfit_logs/log_not_replayed")]
