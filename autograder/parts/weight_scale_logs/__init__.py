"""The initialization sweep's logs (BatchNormalization.ipynb)."""
from autograder.parts.graded_experiments import WEIGHT_SCALE
from autograder.parts.spec import Spec

SPEC = Spec(
    title="Weight scale experiment logs",
    seconds=0.283,
    memory_mb=34.1,
    replayed=tuple(path for path, _ in WEIGHT_SCALE.logs.values()),  # the probe replays four of them
    # The claim rests on the three smallest scales: their last parameters give their last training accuracies.
    proved=tuple(WEIGHT_SCALE.path((index, normalization)) for index in range(3)
                 for normalization in (None, "batchnorm")),
)
