"""The deep-network experiment's logs (BatchNormalization.ipynb)."""
from autograder.experiments import DEEP_BATCHNORM
from autograder.mutants import fabricated, log_mutant

TITLE = "Deep network experiment logs"
GRADES = "logs"  # judged from the submitted experiment logs
MUTANTS = [log_mutant("batchnorm_log_fabricated", DEEP_BATCHNORM.path("batchnorm"), fabricated,
                      "differs from the reference run")]
