"""The answer key gets full marks on 200 consecutive gradings of its randomized parts, with different seeds.

Each run grades with a new seed for numpy's global RNG in the sandbox, so every
statistical check sees fresh dropout masks; their Hoeffding bounds make a false
failure less likely than 1e-9 per check. The 200 runs are split into chunks that
the test workers share.
"""
import pytest

from autograder.grading.pipeline import grade
from autograder.layout import SOLUTIONS
from autograder.parts import PARTS

RUNS, CHUNKS = 200, 8
# The parts whose probes draw from the seeded global RNG (dropout masks, initial weights); the
# other parts see the same inputs on every run.
RANDOM_PARTS = ["dropout_forward", "dropout_backward", "fc_net", "two_layer_net", "fc_net_normalization"]
RANDOM_POINTS = sum(PARTS[part].points for part in RANDOM_PARTS)


@pytest.mark.parametrize("chunk", range(CHUNKS))
def test_solution_full_marks_on_200_runs_with_different_seeds(chunk):
    seeds = range(10_000 + chunk * RUNS // CHUNKS, 10_000 + (chunk + 1) * RUNS // CHUNKS)
    failures = []
    for seed in seeds:
        results = grade(SOLUTIONS, rng_seed=seed, parts=RANDOM_PARTS)
        if results["score"] != RANDOM_POINTS:
            failures.append((seed, [t["name"] + ": " + t["output"] for t in results["tests"]
                                    if t.get("status") == "failed"]))
    assert len(seeds) == RUNS // CHUNKS and failures == []
