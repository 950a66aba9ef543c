"""The initialization sweep's logs (BatchNormalization.ipynb)."""
from autograder.parts.experiments import WEIGHT_SCALE
from autograder.mutants import deleted, log_mutant

TITLE = "Weight scale experiment logs"
GRADES = "logs"  # judged from the submitted experiment logs
REPLAYED = [path for path, _ in WEIGHT_SCALE.logs.values()]  # the probe replays four of them
# The claim rests on the three smallest scales: their last parameters give their last training accuracies.
PROVED = [WEIGHT_SCALE.path((index, normalization)) for index in range(3) for normalization in (None, "batchnorm")]
MUTANTS = [log_mutant("weight_scale_log_missing", WEIGHT_SCALE.path((3, "batchnorm")), deleted,
                      "scale3_batchnorm.npz is missing", mistake="weight_scale_logs/log_missing")]
