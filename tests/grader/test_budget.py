"""A grading run always ends in time with results, even when student code hangs in a layer every part uses.

Each hanging submission is the answer key with one edit: a loop that never ends in one function (or at the import
of layers.py). The part that first runs it costs one time limit; later parts that call the function fail at once
with the same diagnosis (the function, file and line); parts that never call it are graded as usual. Without that,
the affine hang alone would cost 8 parts x 10 s, more than these runs' budget of 60 s.
"""
import json
import os
import re
import subprocess
import sys
import time

import pytest
from hangs import HANGS, MEMORY_BOMB, fake_cgroup, hanging
from memory_cgroup import memory_cgroup

from autograder.grading.pipeline import grade
from autograder.grading.limits import (CGROUP_ROOT_VARIABLE, SCORING_RESERVE, memory_limit_mb,
                               part_timeout)
from autograder.layout import REPO
from autograder.parts import PARTS
from autograder.grading.report import part_scores

FULL = {name: part.points for name, part in PARTS.items()}
LOG_PARTS = {name for name, part in PARTS.items() if part.replayed}
BUDGET, SLACK = 60, 10  # seconds: the runs below must end before BUDGET + SLACK (start-up of the grader aside)

# For each hang: the part that runs it first (and times out), and the parts that must lose points, besides logs
# replaying it (or all logs, for the hangs every replay runs into).
FIRST = {"affine_forward": "affine_layer", "relu_forward": "relu_layer", "adam": "update_rules",
         "FullyConnectedNet.loss": "overfit_logs", "<module>": "affine_layer",
         "batchnorm_forward": "best_model"}  # the answer key's best model has batch normalization
ALSO_LOST = {"affine_forward": LOG_PARTS, "relu_forward": LOG_PARTS,
             "adam": {"optimizer_logs", "batchnorm_logs", "weight_scale_logs", "regularization_logs"},
             "FullyConnectedNet.loss": (LOG_PARTS - {"two_layer_net_training"}) | {"fc_net", "fc_net_normalization"},
             "<module>": set(PARTS) - {"update_rules"},  # optim.py does not import layers.py
             "batchnorm_forward": {"batchnorm_forward", "batchnorm_backward", "batchnorm_logs", "weight_scale_logs"}}
# Logs that may or may not run the function, depending on the settings the student chose for them.
MAY_LOSE = {"adam": {"two_layer_net_training", "best_model"}}


def stuck_lines(folder, function):
    """The lines of the loop put into the function: the one the diagnosis names is among them."""
    mutant = HANGS[function]
    text = (folder / mutant.file).read_text()
    new = mutant.replacements[0][1]
    first = text[:text.index(new)].count("\n") + 1
    return {first + offset for offset, line in enumerate(new.splitlines()) if line.strip()}


def graded(folder, **options):
    out = folder.parent / "results.json"
    start = time.monotonic()
    results = grade(folder, out=out, **options)
    seconds = time.monotonic() - start
    assert json.loads(out.read_text()) == results  # always written
    return {part: score for part, (score, _) in part_scores(results).items()}, results, seconds


def failed(results, part):
    return [t for t in results["tests"] if t["extra_data"].get("part") == part and t.get("status") == "failed"]


@pytest.mark.parametrize("function", list(HANGS))
def test_a_hang_costs_one_time_limit_and_names_the_stuck_line(tmp_path, function):
    folder = hanging(tmp_path, function)
    scores, results, seconds = graded(folder, budget=BUDGET)
    assert seconds < BUDGET + SLACK
    lost = {part for part, score in scores.items() if score < FULL[part]}
    first, expected = FIRST[function], {FIRST[function]} | ALSO_LOST[function]
    assert expected <= lost <= expected | MAY_LOSE.get(function, set())
    assert all(scores[part] == FULL[part] for part in set(PARTS) - lost)  # graded normally

    place = ("importing deeplearning/layers.py did not finish" if function == "<module>"
             else f"{function.split('.')[-1]} in {HANGS[function].file}, line ")
    # The part that ran it first timed out, and says where the code was stuck, showing the line.
    for test in failed(results, first):
        assert place in test["output"] and "look for a loop that never ends" in test["output"], test["output"]
        assert test["extra_data"]["mistake"] == f"{first}/timeout"
    line = int(re.search(r"line (\d+) \(`", failed(results, first)[0]["output"]).group(1))
    assert line in stuck_lines(folder, function)
    shown = f"line {line} (`{(folder / HANGS[function].file).read_text().splitlines()[line - 1].strip()}`)"
    assert shown in failed(results, first)[0]["output"]
    # Every later part that ran into it failed at once with the same diagnosis, naming the part that timed out.
    for part in lost - {first}:
        for test in failed(results, part):
            assert place in test["output"] and shown in test["output"], test["output"]
            assert f"when the {first} part ran it, so it was not run again here" in test["output"], test["output"]
        mistakes = {test["extra_data"]["mistake"] for test in failed(results, part)}
        # A log part: its log could not be replayed; a code part: the function it called had timed out.
        assert f"{part}/{'log_not_replayed' if part in LOG_PARTS else 'timeout'}" in mistakes


def test_parts_that_cannot_start_in_time_get_zero_and_the_reason(tmp_path):
    """A budget that leaves the parts 3 s: the affine part's hang uses them up, the later parts cannot start."""
    folder = hanging(tmp_path, "affine_forward")
    budget = SCORING_RESERVE + 3
    scores, results, seconds = graded(folder, budget=budget)
    assert seconds < budget + SLACK
    assert sum(scores.values()) < sum(FULL.values())
    skipped = [test for test in results["tests"] if "before this part could start" in test["output"]]
    assert skipped and all(test["extra_data"]["mistake"].endswith("/timeout") for test in skipped)
    assert all(f"the grading run's time budget of {budget:g} s was used up" in test["output"] for test in skipped)
    assert all("by earlier parts (affine_layer 1 s" in test["output"] for test in skipped)  # who used it


def test_every_part_has_a_measured_cost_and_a_timeout_from_it():
    assert all(part.spec.seconds > 0 and part.spec.memory_mb > 0 for part in PARTS.values())
    assert all(10 <= part_timeout(part) <= 30 for part in PARTS)


# ----------------------------------------------------------------------------------------------------------- memory
@pytest.mark.parametrize("v2", [True, False])
def test_the_memory_limit_stays_below_the_machines(tmp_path, monkeypatch, v2):
    monkeypatch.setenv(CGROUP_ROOT_VARIABLE, str(fake_cgroup(tmp_path, v2)))
    limit, why = memory_limit_mb(2048)
    assert limit == 768 - 256 and "the machine allows 768 MB for the whole grading run" in why
    assert memory_limit_mb(300)[0] == 300  # a lower configured limit stays
    # More in use than the grader keeps: the limit leaves that and 64 MB.
    monkeypatch.setenv(CGROUP_ROOT_VARIABLE, str(fake_cgroup(tmp_path / "busy", v2, usage=str(400 * 2**20))))
    assert memory_limit_mb(2048)[0] == 768 - 464
    monkeypatch.setenv(CGROUP_ROOT_VARIABLE, str(fake_cgroup(tmp_path / "none", v2, limit="max" if v2 else
                                                             "9223372036854771712")))
    assert memory_limit_mb(2048) == (2048, "--memory-mb 2048")


def test_under_768_mb_a_memory_bomb_and_a_hang_still_leave_results(tmp_path):
    """The whole grading process tree in a memory cgroup of 768 MB (a real one, memory_cgroup.py): the bomb costs its
    part, the hang its part."""
    folder = hanging(tmp_path, "affine_forward")
    MEMORY_BOMB.apply(folder)
    out = tmp_path / "results.json"
    start = time.monotonic()
    with memory_cgroup(768, tmp_path) as cgroup:
        run = subprocess.run([sys.executable, "-m", "autograder", "grade", str(folder), "--out", str(out), "--budget",
                              str(BUDGET)], cwd=REPO, env={**os.environ, **cgroup.env}, capture_output=True, text=True,
                             preexec_fn=cgroup.enter)
    assert run.returncode == 0, run.stderr[-2000:]
    assert time.monotonic() - start < BUDGET + SLACK
    results = json.loads(out.read_text())
    scores = {part: score for part, (score, _) in part_scores(results).items()}
    assert "512 MB of memory per part" in results["output"] and "768 MB" in results["output"]
    assert scores["dropout_forward"] < FULL["dropout_forward"] and scores["affine_layer"] == 0
    assert "MemoryError" in " ".join(t["output"] for t in failed(results, "dropout_forward"))
    lost = {part for part, score in scores.items() if score < FULL[part]}
    assert lost <= {"affine_layer", "dropout_forward", "dropout_backward"} | LOG_PARTS
