"""The initialization sweep's logs (BatchNormalization.ipynb)."""
from autograder.experiments import WEIGHT_SCALE
from autograder.mutants import deleted, log_mutant

TITLE = "Weight scale experiment logs"
GRADES = "logs"  # judged from the submitted experiment logs
REPLAYED = [path for path, _ in WEIGHT_SCALE.logs.values()]  # the probe replays four of them
MUTANTS = [log_mutant("weight_scale_log_missing", WEIGHT_SCALE.path((3, "batchnorm")), deleted,
                      "scale3_batchnorm.npz is missing")]
