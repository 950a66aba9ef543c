"""Replays the start of the logged runs with the student's code (run in the sandbox)."""
from sandbox.replay import prove_logs, replay_logs


def replays(inputs):
    return replay_logs(inputs)


def claims(inputs):
    return prove_logs(inputs)
