"""What the graded parts are, what the notebooks prescribe, and the inputs the probes get."""
import numpy as np

# Graded parts, notebook by notebook in notebook order: grade_id of the nbgrader cell -> title.
# Points are the sum of the @pytest.mark.points of the part's tests (hidden_tests/test_<part>.py).
NOTEBOOK_PARTS = {
    "FullyConnectedNets.ipynb": {
        "affine_layer": "Affine layer",
        "relu_layer": "ReLU layer",
        "two_layer_net": "Two-layer network",
        "two_layer_net_training": "Two-layer network training log",
        "overfit_logs": "Overfitting logs",
        "update_rules": "Update rules",
        "optimizer_logs": "Update rule comparison logs",
        "best_model": "Best model log",
    },
    "BatchNormalization.ipynb": {
        "batchnorm_forward": "Batch normalization forward pass",
        "batchnorm_backward": "Batch normalization backward passes",
        "layernorm": "Layer normalization",
        "fc_net_normalization": "Fully-connected net with normalization",
        "batchnorm_logs": "Deep network experiment logs",
        "weight_scale_logs": "Weight scale experiment logs",
    },
    "Dropout.ipynb": {
        "dropout_forward": "Dropout forward pass",
        "dropout_backward": "Dropout backward pass",
        "fc_net": "Fully-connected net with dropout",
        "regularization_logs": "Regularization experiment logs",
    },
}
PARTS = {part: title for parts in NOTEBOOK_PARTS.values() for part, title in parts.items()}
# The notebook (nbgrader's notebook id: the file name without .ipynb) holding each part's grade cell.
NOTEBOOK_OF_PART = {part: notebook.removesuffix(".ipynb") for notebook, parts in NOTEBOOK_PARTS.items() for part in parts}
# Parts judged from the submitted logs alone: no student code runs for them.
LOG_ONLY_PARTS = {"two_layer_net_training", "overfit_logs", "optimizer_logs", "best_model", "batchnorm_logs",
                  "weight_scale_logs"}

# Written answers, graded by hand in nbgrader: grade_id -> (title, points).
MANUAL = {
    "fcn-inline-question-1-answer": ("FullyConnectedNets Inline Question 1", 2),
    "fcn-inline-question-2-answer": ("FullyConnectedNets Inline Question 2", 2),
    "fcn-inline-question-3-answer": ("FullyConnectedNets Inline Question 3", 2),
    "bn-inline-question-1-answer": ("BatchNormalization Inline Question 1", 2),
    "bn-inline-question-2-answer": ("BatchNormalization Inline Question 2", 2),
    "inline-question-1-answer": ("Dropout Inline Question 1", 2),
    "inline-question-2-answer": ("Dropout Inline Question 2", 2),
    "inline-question-3-answer": ("Dropout Inline Question 3", 2),
}

# The package files students edit; every other file is graded in its released form.
STUDENT_FILES = ["deeplearning/layers.py", "deeplearning/classifiers/fc_net.py", "deeplearning/optim.py"]

# The regularization experiment as the notebook runs it.
EXPERIMENT = {
    "seed": 231,
    "hidden_dims": [500],
    "keep_ratios": [1.0, 0.25],
    "num_train": 500,
    "num_epochs": 25,
    "batch_size": 100,
    "update_rule": "adam",
    "learning_rate": 5e-4,
    # Correct implementations differ from the reference only by float32 rounding, which grows
    # over 125 Adam steps and differs between CPUs; the band (largest, mean gap of the accuracies
    # per epoch) holds them with a wide margin (see the README).
    "band": (0.10, 0.04),
}
LOGS = {keep: f"submission_logs/dropout_regularization_keep{keep:g}.npz" for keep in EXPERIMENT["keep_ratios"]}
ITERATIONS = EXPERIMENT["num_epochs"] * (EXPERIMENT["num_train"] // EXPERIMENT["batch_size"])
REPLAY_ITERATIONS = EXPERIMENT["num_train"] // EXPERIMENT["batch_size"]  # the first epoch

# The update-rule comparison of FullyConnectedNets.ipynb.
OPTIMIZER_EXPERIMENT = {
    "seed": 231,
    "hidden_dims": [100] * 5,
    "weight_scale": 5e-2,
    "num_train": 4000,
    "num_epochs": 5,
    "batch_size": 100,
    "learning_rates": {"sgd": 5e-3, "sgd_momentum": 5e-3, "rmsprop": 1e-4, "adam": 1e-3},
    "band": (0.12, 0.05),
}
OPTIMIZER_LOGS = {rule: f"submission_logs/optimizer_{rule}.npz" for rule in OPTIMIZER_EXPERIMENT["learning_rates"]}

# The deep-network experiment of BatchNormalization.ipynb.
BATCHNORM_EXPERIMENT = {
    "seed": 231,
    "hidden_dims": [100] * 5,
    "weight_scale": 2e-2,
    "num_train": 1000,
    "num_epochs": 10,
    "batch_size": 50,
    "update_rule": "adam",
    "learning_rate": 1e-3,
    "band": (0.12, 0.05),
}
BATCHNORM_LOGS = {None: "submission_logs/batchnorm_deep_baseline.npz",
                  "batchnorm": "submission_logs/batchnorm_deep_batchnorm.npz"}

# The overfitting runs of FullyConnectedNets.ipynb (the students tune learning rate and weight scale).
OVERFIT_EXPERIMENT = {"num_train": 50, "num_epochs": 20, "batch_size": 25, "update_rule": "sgd"}
OVERFIT_LOGS = {(100, 100): "submission_logs/overfit_three_layer.npz",
                (100, 100, 100, 100): "submission_logs/overfit_five_layer.npz"}

# The initialization sweep of BatchNormalization.ipynb: (scale index, normalization) -> log.
WEIGHT_SCALE_EXPERIMENT = {
    "seed": 231,
    "hidden_dims": [50] * 7,
    "weight_scales": [float(scale) for scale in np.logspace(-4, 0, num=10)],
    "num_train": 1000,
    "num_epochs": 10,
    "batch_size": 50,
    "update_rule": "adam",
    "learning_rate": 1e-3,
}
WEIGHT_SCALE_LOGS = {(i, normalization): f"submission_logs/weight_scale/scale{i}_{normalization or 'baseline'}.npz"
                     for i in range(len(WEIGHT_SCALE_EXPERIMENT["weight_scales"])) for normalization in (None, "batchnorm")}

# Runs whose settings the students choose: graded on their best validation accuracy, which must
# reach TARGET_VAL_ACC, or, on a data set where the reference falls short of it, the reference's
# minus TARGET_MARGIN.
TRAINING_LOGS = {"two_layer_net_training": "submission_logs/two_layer_net.npz",
                 "best_model": "submission_logs/best_model.npz"}
TARGET_VAL_ACC, TARGET_MARGIN = 0.50, 0.05

# Every log the grader reads, relative to the assignment folder.
GRADED_LOGS = [*LOGS.values(), *OPTIMIZER_LOGS.values(), *BATCHNORM_LOGS.values(), *TRAINING_LOGS.values(),
               *OVERFIT_LOGS.values(), *WEIGHT_SCALE_LOGS.values()]
# The band around the reference run that a log's accuracies must stay in, for the logs graded with one.
LOG_BANDS = {name: experiment["band"] for experiment, logs in ((EXPERIMENT, LOGS), (OPTIMIZER_EXPERIMENT, OPTIMIZER_LOGS),
                                                               (BATCHNORM_EXPERIMENT, BATCHNORM_LOGS))
             for name in logs.values()}


def make_inputs(part, rng_seed, experiment_data=None):
    """The arrays a part's probes receive; rng_seed also seeds numpy's global RNG in the sandbox."""
    rng = np.random.RandomState(12345)  # fixed inputs; the randomness of a run is rng_seed
    inputs = {"rng_seed": np.int64(rng_seed)}
    if part == "affine_layer":
        inputs["x"] = rng.randn(7, 3, 4, 2)
        inputs["w"] = rng.randn(24, 5)
        inputs["b"] = rng.randn(5)
        inputs["dout"] = rng.randn(7, 5)
    elif part == "relu_layer":
        x = rng.randn(20, 30)
        x[::7, ::5] = 0  # the gradient at exactly 0 is taken as 0
        inputs["x"] = x
        inputs["dout"] = rng.randn(20, 30)
    elif part == "two_layer_net":
        for name, shape in (("W1", (12, 9)), ("b1", (9,)), ("W2", (9, 4)), ("b2", (4,))):
            inputs[f"two_{name}"] = 0.5 * rng.randn(*shape)
        inputs["two_X"] = rng.randn(6, 12)
        inputs["two_y"] = rng.randint(4, size=6)
    elif part == "update_rules":
        inputs["w"] = rng.randn(6, 8)
        inputs["dws"] = rng.randn(5, 6, 8)
    elif part == "batchnorm_forward":
        inputs["x"] = 3 * rng.randn(64, 20) + 5
        inputs["gamma"] = 0.5 + rng.rand(20)
        inputs["beta"] = rng.randn(20)
        inputs["batches"] = 4 * rng.randn(10, 64, 20) + 2
    elif part in ("batchnorm_backward", "layernorm"):
        inputs["x"] = 5 * rng.randn(32, 12) + 12
        inputs["gamma"] = rng.randn(12)
        inputs["beta"] = rng.randn(12)
        inputs["dout"] = rng.randn(32, 12)
    elif part == "fc_net_normalization":
        inputs["net_X"] = rng.randn(8, 15)
        inputs["net_y"] = rng.randint(10, size=8)
        inputs["net_batches"] = 2 * rng.randn(3, 8, 15) + 1
        inputs["net_y_batch"] = rng.randint(10, size=8)
    elif part == "dropout_forward":
        inputs["x"] = 1 + 2 * rng.rand(400, 1000)  # positive, so every zero comes from the mask
        inputs["keep_ratios"] = np.array([0.25, 0.4, 0.7, 0.9])
        inputs["x32"] = (1 + rng.rand(300, 400)).astype(np.float32)
        inputs["cube"] = 1 + rng.rand(20, 30, 40)
        inputs["x_small"] = 1 + rng.rand(50, 60)
    elif part == "dropout_backward":
        inputs["x"] = rng.randn(10, 10) + 10
        inputs["dout"] = rng.randn(10, 10)
        inputs["x_big"] = 1 + rng.rand(200, 300)
        inputs["dout_big"] = rng.randn(200, 300)
    elif part == "fc_net":
        inputs["X"] = rng.randn(5, 15)
        inputs["y"] = rng.randint(10, size=5)
    elif part == "regularization_logs":
        for key in ("X_train", "y_train", "X_val", "y_val"):
            inputs[key] = experiment_data[key]
        for key in ("seed", "hidden_dims", "keep_ratios", "batch_size", "learning_rate"):
            inputs[key] = np.asarray(EXPERIMENT[key])
    else:
        raise KeyError(part)
    return inputs
