"""The answer key gets full marks on 200 consecutive gradings of its randomized parts, with different seeds.

Each run grades with a new seed for numpy's global RNG in the sandbox, so every
statistical check sees fresh dropout masks; their Hoeffding bounds make a false
failure less likely than 1e-9 per check.
"""
from concurrent.futures import ProcessPoolExecutor

from autograder.grade import grade
from autograder.layout import SOLUTIONS
from autograder.scoring import collect_points

RUNS = 200
# The parts whose probes draw from the seeded global RNG (dropout masks, initial weights); the
# other parts see the same inputs on every run.
RANDOM_PARTS = ["dropout_forward", "dropout_backward", "fc_net", "two_layer_net", "fc_net_normalization"]
RANDOM_POINTS = sum(sum(points.values()) for part, points in collect_points().items() if part in RANDOM_PARTS)


def score_with_seed(seed):
    results = grade(SOLUTIONS, rng_seed=seed, parts=RANDOM_PARTS)
    failed = [t["name"] + ": " + t["output"] for t in results["tests"] if t.get("status") == "failed"]
    return seed, results["score"], failed


def test_solution_full_marks_on_200_runs_with_different_seeds():
    with ProcessPoolExecutor(max_workers=2) as pool:
        runs = list(pool.map(score_with_seed, range(10_000, 10_000 + RUNS)))
    failures = [(seed, failed) for seed, score, failed in runs if score != RANDOM_POINTS]
    assert len(runs) == RUNS and failures == []
