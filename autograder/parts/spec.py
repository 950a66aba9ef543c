"""What a graded part declares about itself: SPEC in autograder/parts/<part>/__init__.py.

A field that does not exist is an error when the part is loaded (a misspelt one is never ignored). The part's
points, titles and messages are in its checks.py; what students run in its public.py.
"""
from dataclasses import dataclass
from typing import Callable


@dataclass(frozen=True, kw_only=True)
class Spec:
    # The part's name in the report (the grade cell's title).
    title: str
    # The measurements its time and memory limits come from (autograder/grading/limits.py): its process's seconds
    # on the answer key (the largest of 3 runs), and the address space (MB) that process adds to the sandbox's;
    # `python -m bench` prints both for every part.
    seconds: float
    memory_mb: float
    # inputs(rng) -> {name: array}: what its probes receive, drawn from a generator of fixed seed.
    inputs: Callable = None
    # {check function: [common.Formulation]}: the forms of the behaviour its checks accept.
    formulations: dict = None
    # The layers the grader computes in place of the student's while its probes run (a net graded on its own code,
    # each layer in its own part; autograder/grading/oracle.py).
    correct_layers: tuple = ()
    # The logs whose runs its probes replay (their start; all of them with replay_whole), those whose recorded
    # parameters they measure again (proved), and of these those whose training loss they compute too.
    replayed: tuple = ()
    replay_whole: bool = False
    proved: tuple = ()
    training_loss: tuple = ()

    def __post_init__(self):
        if not set(self.training_loss) <= set(self.proved):
            raise ValueError("training_loss names logs that are not proved")
