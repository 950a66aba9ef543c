"""Public checks of the update rules' logs (FullyConnectedNets.ipynb)."""
from .experiments import log_checks

checks = log_checks("optimizer_logs")
