"""Every number a graded log claims is proven: tampering with an honest log never raises its score, and the feedback
names the number that does not match what the submitted code computes.

Honest weak runs are made with the answer key's own code on the kit's CIFAR-10 subset (an untuned five-layer net
that never fits its 50 images; a best model trained far too briefly), exactly as the notebook cells write them;
then their logs are edited the ways a student could in one line of numpy. Real gradings, no mocks.
"""
import shutil
import subprocess
import sys

import numpy as np
import pytest

from autograder.grading.pipeline import grade
from autograder.layout import CIFAR10_SUBSET, SOLUTIONS
from autograder.grading.report import part_scores
from autograder.course.solutions import link_dataset

pytestmark = pytest.mark.xdist_group("log_claims")

# The answer key's code writes the logs as the notebook cells do: the untuned five-layer overfitting run of
# FullyConnectedNets.ipynb, and two best-model runs (one far too short, one a little longer) of a small net.
HONEST_RUNS = """
import numpy as np
from deeplearning.classifiers.fc_net import FullyConnectedNet
from deeplearning.data_utils import get_CIFAR10_data
from deeplearning.solver import Solver

data = get_CIFAR10_data(shrink_to_fit=True)
small = {"X_train": data["X_train"][:50], "y_train": data["y_train"][:50], "X_val": data["X_val"],
         "y_val": data["y_val"]}
np.random.seed(231)
model = FullyConnectedNet([100, 100, 100, 100], weight_scale=1e-5, dtype=np.float64)
solver = Solver(model, small, num_epochs=20, batch_size=25, update_rule="sgd", optim_config={"learning_rate": 2e-3},
                seed=231, verbose=False)
solver.train()
solver.record_histories_as_npz("weak/overfit_five_layer.npz")
for name, rate, epochs in (("weak", 1e-6, 3), ("other", 1e-3, 3)):
    np.random.seed(1)
    model = FullyConnectedNet([60], weight_scale=1e-2, reg=1e-3)
    solver = Solver(model, data, num_epochs=epochs, batch_size=200, update_rule="adam", lr_decay=0.95,
                    optim_config={"learning_rate": rate}, verbose=False)
    solver.train()
    solver.record_histories_as_npz(f"{name}/best_model.npz", params="best")
"""
OVERFIT_LOG, BEST_LOG = "submission_logs/overfit_five_layer.npz", "submission_logs/best_model.npz"


@pytest.fixture(scope="module")
def honest(tmp_path_factory):
    """{"overfit", "best", "other_best": path} of honest logs written by the answer key's code."""
    folder = tmp_path_factory.mktemp("honest") / "fc_nets"
    shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("figures", "submission_logs"))
    link_dataset(folder, CIFAR10_SUBSET)
    subprocess.run([sys.executable, "-c", HONEST_RUNS], cwd=folder, check=True, capture_output=True)
    return {"overfit": folder / "weak/overfit_five_layer.npz", "best": folder / "weak/best_model.npz",
            "other_best": folder / "other/best_model.npz"}


def load(path):
    with np.load(path, allow_pickle=False) as npz:
        return {key: npz[key] for key in npz.files}


def save(arrays, path):
    np.savez_compressed(path, **arrays)


def graded(tmp_path, log, arrays, part):
    """(the part's score, its failure messages) for the answer key with this log in place."""
    submission = tmp_path / "fc_nets"
    if not submission.exists():
        shutil.copytree(SOLUTIONS, submission, ignore=shutil.ignore_patterns("figures"))
    save(arrays, submission / log)
    results = grade(submission, parts=[part])
    messages = [t["output"] for t in results["tests"] if t.get("status") == "failed"]
    return part_scores(results)[part][0], " || ".join(messages)


def later(arrays, key, start, value):
    arrays = dict(arrays)
    arrays[key] = np.where(np.arange(arrays[key].size) >= start, value, arrays[key])
    return arrays


def test_the_honest_weak_runs_are_weak_and_graded_on_their_merits(honest, tmp_path):
    overfit = load(honest["overfit"])
    assert overfit["train_acc_history"].max() < 0.5  # the untuned net never fits its 50 images
    score, messages = graded(tmp_path / "overfit", OVERFIT_LOG, overfit, "overfit_logs")
    assert score == 1 and "tune the two until the net fits" in messages  # well-formed, not fitting
    best = load(honest["best"])
    assert best["val_acc_history"].max() < 0.3
    score, messages = graded(tmp_path / "best", BEST_LOG, best, "best_model")
    assert score == 1 and "the best validation accuracy in submission_logs/best_model.npz is" in messages


TAMPERED_OVERFIT = {
    "later training accuracies raised": (lambda a: later(a, "train_acc_history", 5, 1.0),
                                         "the training accuracy of submission_logs/overfit_five_layer.npz at accuracy "
                                         "check 5 is 1.0000, but your code from the log's settings gives"),
    "later losses lowered": (lambda a: later(a, "loss_history", 10, 0.5 * a["loss_history"]),
                             "the loss of submission_logs/overfit_five_layer.npz at iteration 11 is"),
    "history truncated": (lambda a: {**a, "loss_history": a["loss_history"][:30]}, "should hold 40 numbers, found 30"),
}


@pytest.mark.parametrize("edit", TAMPERED_OVERFIT)
def test_a_tampered_overfitting_log_scores_no_more_than_its_honest_version(honest, tmp_path, edit):
    change, phrase = TAMPERED_OVERFIT[edit]
    score, messages = graded(tmp_path, OVERFIT_LOG, change(load(honest["overfit"])), "overfit_logs")
    assert score == 0 and phrase in messages, messages


def swap_params(arrays, other):
    return {**{key: value for key, value in arrays.items() if "/" not in key},
            **{key: value for key, value in other.items() if "/" in key}}


# Edits of the honest weak run (its best validation accuracy, 0.121, is at its first check) and of the other one (0.348
# at check 2: below the target too, and beyond the replayed start).
TAMPERED_BEST = {
    "later validation accuracies raised": (
        lambda a, other: later(a, "val_acc_history", 2, 0.56),
        "records the parameters of accuracy check 0, but its best validation accuracy is at check 2"),
    "the best accuracy raised where its parameters are": (
        lambda a, other: later(other, "val_acc_history", 2, 0.56),
        "claims a validation accuracy of 0.560 at accuracy check 2, but the parameters it records give 0.3"),
    "the loss after the best check lowered": (
        lambda a, other: {**other, "loss_history": np.where(np.arange(other["loss_history"].size) == 40, 0.5,
                                                            other["loss_history"])},
        "the loss of submission_logs/best_model.npz at iteration 41 is 0.5000, but the parameters it records give"),
    "history extended by an epoch": (
        lambda a, other: {**a, "val_acc_history": np.append(a["val_acc_history"], 0.56),
                          "train_acc_history": np.append(a["train_acc_history"], 0.6)},
        "should hold 4 numbers, found 5"),
    "best params swapped with another run's": (lambda a, other: swap_params(a, other),
                                               "but the parameters it records give"),
    "recorded parameters edited": (
        lambda a, other: {**a, **{key: (value * 3).astype(value.dtype) for key, value in a.items()
                                  if key.startswith("params/W")}}, "but the parameters it records give"),
}


@pytest.mark.parametrize("edit", TAMPERED_BEST)
def test_a_tampered_best_model_log_scores_no_more_than_its_honest_version(honest, tmp_path, edit):
    change, phrase = TAMPERED_BEST[edit]
    honest_score = min(graded(tmp_path / run, BEST_LOG, load(honest[run]), "best_model")[0]
                       for run in ("best", "other_best"))
    score, messages = graded(tmp_path / "tampered", BEST_LOG, change(load(honest["best"]), load(honest["other_best"])),
                             "best_model")
    assert score <= honest_score and phrase in messages, messages
