"""The experiments the notebooks run and whose logs are graded, each defined once.

An Experiment lists its logs (path relative to the assignment folder) and the
settings each log must record, as dotted keys of the log's config (the JSON that
Solver.record_histories_as_npz writes: "model.hidden_dims", "optim_config.learning_rate",
...). autograder.parts.logs checks logs against them; the notebooks' experiment
cells use the same values.
"""
from dataclasses import dataclass, field

from .public_checks import experiments as shared


@dataclass(frozen=True)
class Experiment:
    num_train: int
    num_epochs: int
    batch_size: int
    # {key of the log: (path, the settings of that log only)}
    logs: dict
    # Settings every log of the experiment records, in the order they are checked; a None here holds the
    # place of a setting that each log defines for itself.
    settings: dict = field(default_factory=dict)
    # (largest, mean) gap allowed between a log's accuracies per epoch and the reference run's, or None.
    band: tuple = None

    @property
    def lengths(self):
        """{history: its length} (accuracies are recorded after the first iteration and at every epoch's end)."""
        return shared.history_lengths(vars(self))

    @property
    def iterations(self):
        return self.lengths["loss_history"]

    def prescribed(self, key):
        """{dotted config key: value} that the log `key` must record."""
        return shared.prescribed(vars(self), key)

    def path(self, key):
        return self.logs[key][0]


# The settings are shared with the students' public checks and written there once; the grader adds the bands.
# Correct implementations differ from the reference only by float32 rounding, which grows over the runs' Adam or SGD
# steps and differs between CPUs; the bands hold them with a wide margin (docs/logs.md).
REGULARIZATION = Experiment(**shared.REGULARIZATION, band=(0.10, 0.04))
REGULARIZATION_SEED = shared.REGULARIZATION["settings"]["seed"]
REGULARIZATION_LEARNING_RATE = shared.REGULARIZATION["settings"]["optim_config.learning_rate"]
OPTIMIZERS = Experiment(**shared.OPTIMIZERS, band=(0.12, 0.05))
OPTIMIZER_LEARNING_RATES = {rule: settings["optim_config.learning_rate"] for rule, (_, settings) in OPTIMIZERS.logs.items()}
DEEP_BATCHNORM = Experiment(**shared.DEEP_BATCHNORM, band=(0.12, 0.05))
OVERFIT = Experiment(**shared.OVERFIT)
WEIGHT_SCALES = shared.WEIGHT_SCALES
WEIGHT_SCALE = Experiment(**shared.WEIGHT_SCALE)

# Runs whose settings the students choose: graded on their best validation accuracy, which must reach
# TARGET_VAL_ACC, or, on a data set where the reference falls short of it, the reference's minus TARGET_MARGIN.
TRAINING_LOGS = shared.TRAINING_LOGS
TARGET_VAL_ACC, TARGET_MARGIN = 0.50, 0.05

# The grader replays the start of every logged run with the student's code (Solver.replay): this many iterations,
# and the accuracies measured meanwhile.
REPLAY_ITERATIONS = 5

EXPERIMENTS = [REGULARIZATION, OPTIMIZERS, DEEP_BATCHNORM, OVERFIT, WEIGHT_SCALE]
# Every log the grader reads, relative to the assignment folder.
GRADED_LOGS = [path for experiment in EXPERIMENTS for path, _ in experiment.logs.values()] + list(
    TRAINING_LOGS.values())
# The band of the logs graded with one: {path: (largest, mean) gap}.
LOG_BANDS = {path: experiment.band for experiment in EXPERIMENTS if experiment.band
             for path, _ in experiment.logs.values()}
