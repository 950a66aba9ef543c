"""Public checks of the best model's log (FullyConnectedNets.ipynb)."""
from .experiments import log_checks

checks = log_checks("best_model")
