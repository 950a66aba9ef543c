"""The experiments the notebooks run and whose logs are graded, each defined once.

An Experiment lists its logs (path relative to the assignment folder) and the
settings each log must record, as dotted keys of the log's config (the JSON that
Solver.record_histories_as_npz writes: "model.hidden_dims", "optim_config.learning_rate",
...). autograder.parts.logs checks logs against them; the notebooks' experiment
cells use the same values.
"""
from dataclasses import dataclass, field

import numpy as np


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
    def iterations(self):
        return self.num_epochs * (self.num_train // self.batch_size)

    @property
    def epoch_values(self):
        """Accuracies are recorded after the first iteration and at the end of every epoch."""
        return self.num_epochs + 1

    def prescribed(self, key):
        """{dotted config key: value} that the log `key` must record."""
        return {**self.settings, **self.logs[key][1]}

    def path(self, key):
        return self.logs[key][0]


# Dropout.ipynb: the same net trained without dropout and with keep ratio 0.25.
REGULARIZATION_SEED, REGULARIZATION_LEARNING_RATE = 231, 5e-4
REGULARIZATION = Experiment(
    num_train=500, num_epochs=25, batch_size=100,
    logs={keep: (f"submission_logs/dropout_regularization_keep{keep:g}.npz", {"model.dropout_keep_ratio": keep})
          for keep in (1.0, 0.25)},
    settings={"model.hidden_dims": [500], "model.dropout_keep_ratio": None, "model.reg": 0.0,
              "model.dtype": "float32", "update_rule": "adam",
              "optim_config.learning_rate": REGULARIZATION_LEARNING_RATE, "batch_size": 100, "num_epochs": 25,
              "lr_decay": 1.0, "seed": REGULARIZATION_SEED, "num_train": 500},
    # Correct implementations differ from the reference only by float32 rounding, which grows over 125
    # Adam steps and differs between CPUs; the band holds them with a wide margin (see the README).
    band=(0.10, 0.04),
)

# FullyConnectedNets.ipynb: the same six-layer net trained with each update rule.
OPTIMIZER_LEARNING_RATES = {"sgd": 5e-3, "sgd_momentum": 5e-3, "rmsprop": 1e-4, "adam": 1e-3}
OPTIMIZERS = Experiment(
    num_train=4000, num_epochs=5, batch_size=100,
    logs={rule: (f"submission_logs/optimizer_{rule}.npz",
                 {"update_rule": rule, "optim_config.learning_rate": rate})
          for rule, rate in OPTIMIZER_LEARNING_RATES.items()},
    settings={"model.hidden_dims": [100] * 5, "model.weight_scale": 5e-2, "model.normalization": None,
              "model.dropout_keep_ratio": 1.0, "update_rule": None, "optim_config.learning_rate": None,
              "batch_size": 100, "num_epochs": 5, "seed": 231, "num_train": 4000},
    band=(0.12, 0.05),
)

# BatchNormalization.ipynb: a deep net without and with batch normalization.
DEEP_BATCHNORM = Experiment(
    num_train=1000, num_epochs=10, batch_size=50,
    logs={None: ("submission_logs/batchnorm_deep_baseline.npz", {"model.normalization": None}),
          "batchnorm": ("submission_logs/batchnorm_deep_batchnorm.npz", {"model.normalization": "batchnorm"})},
    settings={"model.hidden_dims": [100] * 5, "model.weight_scale": 2e-2, "model.normalization": None,
              "update_rule": "adam", "optim_config.learning_rate": 1e-3, "batch_size": 50, "num_epochs": 10,
              "seed": 231, "num_train": 1000},
    band=(0.12, 0.05),
)

# FullyConnectedNets.ipynb: 50 images overfitted by a three- and a five-layer net (the students tune the
# learning rate and the weight scale).
OVERFIT = Experiment(
    num_train=50, num_epochs=20, batch_size=25,
    logs={(100, 100): ("submission_logs/overfit_three_layer.npz", {"model.hidden_dims": [100, 100]}),
          (100,) * 4: ("submission_logs/overfit_five_layer.npz", {"model.hidden_dims": [100] * 4})},
    settings={"model.hidden_dims": None, "update_rule": "sgd", "batch_size": 25, "num_epochs": 20,
              "num_train": 50},
)

# BatchNormalization.ipynb: eight-layer nets without and with batch normalization for 10 weight scales.
WEIGHT_SCALES = [float(scale) for scale in np.logspace(-4, 0, num=10)]
WEIGHT_SCALE = Experiment(
    num_train=1000, num_epochs=10, batch_size=50,
    logs={(i, normalization): (f"submission_logs/weight_scale/scale{i}_{normalization or 'baseline'}.npz",
                               {"model.weight_scale": scale, "model.normalization": normalization})
          for i, scale in enumerate(WEIGHT_SCALES) for normalization in (None, "batchnorm")},
    settings={"model.weight_scale": None, "model.hidden_dims": [50] * 7, "model.normalization": None,
              "update_rule": "adam", "optim_config.learning_rate": 1e-3, "batch_size": 50, "num_epochs": 10,
              "seed": 231, "num_train": 1000},
)

# Runs whose settings the students choose: graded on their best validation accuracy, which must reach
# TARGET_VAL_ACC, or, on a data set where the reference falls short of it, the reference's minus TARGET_MARGIN.
TRAINING_LOGS = {"two_layer_net_training": "submission_logs/two_layer_net.npz",
                 "best_model": "submission_logs/best_model.npz"}
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
