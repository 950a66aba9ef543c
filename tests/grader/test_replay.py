"""Experiment logs count only when the submitted code reproduces them: the grader replays the start of every run.

Real gradings, no mocks: the answer key's logs in submissions whose code cannot have
written them, edited logs, and a correct submission in other styles whose notebooks
were run from scratch.
"""
import shutil
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import TOTAL

from autograder.grading.pipeline import grade
from autograder.layout import RELEASE, SOLUTIONS, SOURCE
from autograder.course.variants import MUTANTS, corpus, make_mutant
from autograder.parts import PARTS
from autograder.grading.report import part_scores
from autograder.course.solutions import build_solutions

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "variants"))
sys.path.insert(0, str(MUTANTS))
from _logs import rewrite_log, set_config  # noqa: E402  (the log mutants' helpers)
LOG_PARTS = [name for name, part in PARTS.items() if part.replayed]
ADAM_PARTS = ["optimizer_logs", "best_model", "batchnorm_logs", "weight_scale_logs", "regularization_logs"]


def scores_and_messages(submission, **kwargs):
    results = grade(submission, **kwargs)
    messages = " || ".join(t["output"] for t in results["tests"] if t.get("status") == "failed")
    return {part: score for part, (score, _) in part_scores(results).items()}, messages


def test_the_release_with_the_answer_keys_logs_scores_nothing(tmp_path):
    submission = tmp_path / "fc_nets"
    shutil.copytree(RELEASE, submission)
    shutil.copytree(SOLUTIONS / "submission_logs", submission / "submission_logs")
    scores, messages = scores_and_messages(submission, parts=LOG_PARTS)
    assert {part: scores[part] for part in LOG_PARTS} == {part: 0 for part in LOG_PARTS}
    assert "could not be replayed with your code (NotImplementedError" in messages


def test_an_adam_mutant_with_the_answer_keys_logs_loses_every_part_with_an_adam_log(tmp_path):
    scores, messages = scores_and_messages(make_mutant(SOLUTIONS, tmp_path / "fc_nets", "adam_no_bias_correction"),
                                           parts=LOG_PARTS)
    assert {part: scores[part] for part in ADAM_PARTS} == {part: 0 for part in ADAM_PARTS}
    for part in set(LOG_PARTS) - set(ADAM_PARTS):  # trained with SGD: the bug does not touch them
        assert scores[part] == PARTS[part].points
    assert "but your code from the log's settings gives" in messages and "re-run the notebook" in messages


def test_a_net_ignoring_normalization_loses_the_normalized_logs(tmp_path):
    scores, _ = scores_and_messages(make_mutant(SOLUTIONS, tmp_path / "fc_nets", "normalization_ignored"),
                                    parts=LOG_PARTS)
    for part in ("best_model", "batchnorm_logs", "weight_scale_logs"):
        assert scores[part] == 0
    assert scores["optimizer_logs"] == PARTS["optimizer_logs"].points


def raise_first_accuracy(arrays):
    arrays["val_acc_history"] = arrays["val_acc_history"] + np.where(np.arange(arrays["val_acc_history"].size) == 0,
                                                                      0.05, 0.0)


def lower_third_loss(arrays):
    arrays["loss_history"] = arrays["loss_history"] * np.where(np.arange(arrays["loss_history"].size) == 2, 0.97, 1.0)


@pytest.mark.parametrize("part, log, edit", [
    ("best_model", "submission_logs/best_model.npz", lambda path: rewrite_log(path, raise_first_accuracy)),
    ("optimizer_logs", "submission_logs/optimizer_adam.npz", lambda path: rewrite_log(path, lower_third_loss)),
    ("two_layer_net_training", "submission_logs/two_layer_net.npz",
     lambda path: set_config(path, "optim_config.learning_rate", 2e-3)),
], ids=["accuracy raised", "loss lowered", "setting changed"])
def test_an_edited_log_scores_nothing_on_its_part(tmp_path, part, log, edit):
    submission = tmp_path / "fc_nets"
    shutil.copytree(SOLUTIONS, submission, ignore=shutil.ignore_patterns("figures"))
    edit(submission / log)
    scores, messages = scores_and_messages(submission, parts=LOG_PARTS)
    assert scores[part] == 0 and log in messages
    assert all(scores[other] == PARTS[other].points for other in LOG_PARTS if other != part)


# Correct code in other forms than the answer key's: float64 masks, Adam's efficient form, RMSProp with eps inside the
# square root, PyTorch's momentum, a net computing in float64, the graph batchnorm backward, eps outside the square
# root in batchnorm's test mode. Their own logs must get full marks: the whole replays, the band and the recorded
# parameters' accuracies all hold for them.
STYLES = ["dropout_forward__uncast_mask", "update_rules__adam_paper_efficient_eps_hat",
          "update_rules__rmsprop_keras_eps_in_sqrt", "update_rules__momentum_pytorch_gradient_units",
          "fc_net__float64_internal", "batchnorm_backward__graph_nodes"]


@pytest.fixture(scope="module")
def rerun_in_other_styles(tmp_path_factory, subset_dir):
    """The source with those variants in place, its notebooks run from scratch: a correct student's submission."""
    source = tmp_path_factory.mktemp("styles") / "fc_nets"
    shutil.copytree(SOURCE, source, ignore=shutil.ignore_patterns("__pycache__"))
    variants = corpus()
    for name in STYLES:
        variants[name].apply(source)
    return build_solutions(out=tmp_path_factory.mktemp("styles-run") / "fc_nets", source=source, data_dir=subset_dir,
                           log=lambda _: None)


def test_a_correct_submission_rerun_in_other_styles_gets_full_marks(rerun_in_other_styles):
    results = grade(rerun_in_other_styles)
    failed = [(t["name"], t["output"]) for t in results["tests"] if t.get("status") == "failed"]
    assert failed == [] and results["score"] == TOTAL
