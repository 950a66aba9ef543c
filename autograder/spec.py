"""What the graded parts are, what the notebook prescribes, and the inputs the probes get."""
import numpy as np

# Graded parts, in notebook order: grade_id of the nbgrader cell -> title. Points are
# the sum of the @pytest.mark.points of the part's tests (test_<part>.py).
PARTS = {
    "dropout_forward": "Dropout forward pass",
    "dropout_backward": "Dropout backward pass",
    "fc_net": "Fully-connected net with dropout",
    "regularization_logs": "Regularization experiment logs",
}

# Written answers, graded by hand in nbgrader: grade_id -> (title, points).
MANUAL = {
    "inline-question-1-answer": ("Inline Question 1", 2),
    "inline-question-2-answer": ("Inline Question 2", 2),
    "inline-question-3-answer": ("Inline Question 3", 2),
}

# The package files students edit; every other file is graded in its released form.
STUDENT_FILES = ["deeplearning/layers.py", "deeplearning/classifiers/fc_net.py"]

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
}
LOGS = {keep: f"submission_logs/dropout_regularization_keep{keep:g}.npz" for keep in EXPERIMENT["keep_ratios"]}
ITERATIONS = EXPERIMENT["num_epochs"] * (EXPERIMENT["num_train"] // EXPERIMENT["batch_size"])
REPLAY_ITERATIONS = EXPERIMENT["num_train"] // EXPERIMENT["batch_size"]  # the first epoch


def make_inputs(part, rng_seed, experiment_data=None):
    """The arrays a part's probes receive; rng_seed also seeds numpy's global RNG in the sandbox."""
    rng = np.random.RandomState(12345)  # fixed inputs; the randomness of a run is rng_seed
    inputs = {"rng_seed": np.int64(rng_seed)}
    if part == "dropout_forward":
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
