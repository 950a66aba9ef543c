"""The answer key gets full marks on 200 consecutive grading runs with different random seeds.

Each run grades with a new seed for numpy's global RNG in the sandbox, so every
statistical check sees fresh dropout masks; their Hoeffding bounds make a false
failure less likely than 1e-9 per check.
"""
from concurrent.futures import ProcessPoolExecutor

from autograder.grade import grade
from autograder.layout import SOLUTIONS

RUNS = 200


def score_with_seed(seed):
    results = grade(SOLUTIONS, rng_seed=seed)
    failed = [t["name"] + ": " + t["output"] for t in results["tests"] if t.get("status") == "failed"]
    return seed, results["score"], failed


def test_solution_full_marks_on_200_runs_with_different_seeds():
    with ProcessPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(score_with_seed, range(10_000, 10_000 + RUNS)))
    failures = [(seed, failed) for seed, score, failed in runs if score != 35]
    assert len(runs) == RUNS and failures == []
