"""Public checks of the overfitting logs (FullyConnectedNets.ipynb)."""
from .experiments import log_checks

checks = log_checks("overfit_logs")
