"""Public checks of the dropout regularization logs (Dropout.ipynb)."""
from .experiments import log_checks

checks = log_checks("regularization_logs")
