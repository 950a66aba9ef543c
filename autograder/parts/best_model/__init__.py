"""The log of the best model's Solver (FullyConnectedNets.ipynb)."""
from autograder.parts.graded_experiments import TRAINING_LOGS
from autograder.parts.spec import Spec

SPEC = Spec(
    title="Best model log",
    seconds=0.268,
    memory_mb=64.0,
    replayed=(TRAINING_LOGS["best_model"],),
    proved=(TRAINING_LOGS["best_model"],),  # its best parameters give its best validation accuracy
)
