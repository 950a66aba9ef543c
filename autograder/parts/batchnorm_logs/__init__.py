"""The deep-network experiment's logs (BatchNormalization.ipynb)."""
from autograder.parts.experiments import DEEP_BATCHNORM
from autograder.mutants import fabricated, inflated_later, log_mutant

TITLE = "Deep network experiment logs"
GRADES = "logs"  # judged from the submitted experiment logs
REPLAYED = [path for path, _ in DEEP_BATCHNORM.logs.values()]
PROVED = REPLAYED  # their last parameters give their last accuracies
MUTANTS = [log_mutant("batchnorm_log_fabricated", DEEP_BATCHNORM.path("batchnorm"), fabricated,
                      "re-run the notebook with your final code", public=False,
                      mistake="batchnorm_logs/log_not_replayed"),
           log_mutant("batchnorm_log_inflated_later", DEEP_BATCHNORM.path("batchnorm"), inflated_later,
                      "but the parameters it records give", public=False,
                      mistake="batchnorm_logs/log_claim_unproven")]
