"""Public checks of the weight-scale sweep's logs (BatchNormalization.ipynb)."""
from .experiments import log_checks

checks = log_checks("weight_scale_logs")
