"""Replays the start of four logged runs of the weight-scale sweep with the student's code (run in the sandbox):
a small and a large scale, each without and with batch normalization, chosen from the grading run's seed."""
import numpy as np

from sandbox.replay import prove_logs, replay_logs


def replays(inputs):
    logs = [str(name) for name in inputs["replayed"]]  # scale 0 baseline, scale 0 batchnorm, scale 1 baseline, ...
    rng = np.random.RandomState(int(inputs["rng_seed"]))
    scales = (rng.randint(0, 3), rng.randint(len(logs) // 2 - 3, len(logs) // 2))
    return replay_logs(inputs, [logs[2 * scale + normalized] for scale in scales for normalized in (0, 1)])


def claims(inputs):
    return prove_logs(inputs)
