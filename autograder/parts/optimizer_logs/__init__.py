"""The update-rule comparison's logs (FullyConnectedNets.ipynb)."""
from autograder.parts.graded_experiments import OPTIMIZERS
from autograder.parts.spec import Spec

LOGS = tuple(path for path, _ in OPTIMIZERS.logs.values())

SPEC = Spec(
    title="Update rule comparison logs",
    seconds=0.482,
    memory_mb=50.6,
    replayed=LOGS,
    proved=LOGS,  # their last parameters give their last accuracies
    training_loss=LOGS,  # and the training loss each rule reaches
)
