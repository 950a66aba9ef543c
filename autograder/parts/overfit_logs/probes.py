"""Replays the start of the logged runs with the student's code (run in the sandbox)."""
from sandbox.replay import replay_logs


def replays(inputs):
    return replay_logs(inputs)
