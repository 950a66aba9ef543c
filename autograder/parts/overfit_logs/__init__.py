"""The overfitting runs' logs (FullyConnectedNets.ipynb)."""
from autograder.parts.graded_experiments import OVERFIT
from autograder.parts.spec import Spec

SPEC = Spec(
    title="Overfitting logs",
    seconds=0.393,
    memory_mb=47.0,
    replayed=tuple(path for path, _ in OVERFIT.logs.values()),
    replay_whole=True,  # 40 iterations of SGD on 50 images: every number of both runs is replayed
)
