"""The log of the best model's Solver (FullyConnectedNets.ipynb)."""
from autograder.parts.experiments import TRAINING_LOGS

TITLE = "Best model log"
GRADES = "logs"  # judged from the submitted experiment logs
REPLAYED = [TRAINING_LOGS["best_model"]]
PROVED = REPLAYED  # its best parameters give its best validation accuracy
