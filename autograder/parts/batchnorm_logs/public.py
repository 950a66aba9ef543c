"""Public checks of the deep batchnorm experiment's logs (BatchNormalization.ipynb)."""
from .experiments import log_checks

checks = log_checks("batchnorm_logs")
