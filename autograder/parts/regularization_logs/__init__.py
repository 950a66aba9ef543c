"""The regularization experiment's logs (Dropout.ipynb); the start of both runs is replayed with the student's code."""
from autograder.parts.graded_experiments import REGULARIZATION
from autograder.parts.spec import Spec

LOGS = tuple(path for path, _ in REGULARIZATION.logs.values())

SPEC = Spec(
    title="Regularization experiment logs",
    seconds=0.78,
    memory_mb=76.3,
    replayed=LOGS,
    proved=LOGS,  # their last parameters give their last accuracies
)
