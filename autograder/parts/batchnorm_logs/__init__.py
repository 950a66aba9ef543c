"""The deep-network experiment's logs (BatchNormalization.ipynb)."""
from autograder.experiments import DEEP_BATCHNORM
from autograder.mutants import fabricated, inflated_later, log_mutant

TITLE = "Deep network experiment logs"
GRADES = "logs"  # judged from the submitted experiment logs
REPLAYED = [path for path, _ in DEEP_BATCHNORM.logs.values()]
MUTANTS = [log_mutant("batchnorm_log_fabricated", DEEP_BATCHNORM.path("batchnorm"), fabricated,
                      "re-run the notebook with your final code", public=False),
           log_mutant("batchnorm_log_inflated_later", DEEP_BATCHNORM.path("batchnorm"), inflated_later,
                      "differs from the reference run", public=False)]
