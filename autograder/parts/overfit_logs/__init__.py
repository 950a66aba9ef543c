"""The overfitting runs' logs (FullyConnectedNets.ipynb)."""
from autograder.experiments import OVERFIT
from autograder.mutants import log_mutant, rewrite_log

TITLE = "Overfitting logs"
GRADES = "logs"  # judged from the submitted experiment logs
REPLAYED = [path for path, _ in OVERFIT.logs.values()]
REPLAY_WHOLE = True  # 40 iterations of SGD on 50 images: every number of both runs is replayed


def _cap_training_accuracy(path):
    rewrite_log(path, lambda arrays: arrays.update(train_acc_history=arrays["train_acc_history"].clip(max=0.8)))


MUTANTS = [log_mutant("overfit_log_underfits", OVERFIT.path((100,) * 4), _cap_training_accuracy,
                      "tune the two until the net fits", public=False, mistake="overfit_logs/does_not_overfit")]
