"""The limits of a grading run: its time budget, the time limit of each graded part, the memory student code may use.

A grading run must end with results.json before the machine's own limit on the whole run ends it (Gradescope's is
10 minutes by default, 40 at most; a cluster has its own): past it the student gets no results at all. So the run
has a budget, each part a time limit that fits what the part costs, and the memory limit of a part stays below
what the machine or container really has.
"""
import math
import os
import resource
from pathlib import Path, PurePosixPath

from ..layout import DEFAULT_MEMORY_MB
from ..parts import PARTS

# Seconds for a whole grading run (`grade --budget`): Gradescope's default limit is 600 s, and 60 s of it are left for
# Gradescope's and Python's start-up. results.json is written before the budget ends, whatever the student code does.
DEFAULT_BUDGET = 540
# Seconds kept at the end of the budget for the hidden checks, the written answers and the report. They take about
# 0.5 s on the answer key (pytest in the grader's process, no student code): a 30-fold margin for a slow machine.
SCORING_RESERVE = 15

# A part's time limit: max(TIMEOUT_FLOOR, TIMEOUT_FACTOR x its answer key's seconds), rounded up to a second. The
# factor leaves room for a slower machine and for correct student code written less efficiently (loops instead of
# vectorized numpy); the floor for a noisy shared machine, where a part's process may wait for a core. With the
# parts' measured seconds (their specs) they get 10 to 15 s, regularization_logs 24 s (instead of a flat 120 s).
TIMEOUT_FLOOR, TIMEOUT_FACTOR = 10, 30
# The time a part is sure to get when an earlier part hangs: max(RESERVE_FLOOR, RESERVE_FACTOR x its answer key's
# seconds). A part's limit is cut so that every later part keeps this much before the budget ends; 25 s for all.
RESERVE_FLOOR, RESERVE_FACTOR = 1.0, 5


def answer_key_seconds(part):
    """The part's measured cost on the answer key (its spec's seconds: autograder/parts/<part>/__init__.py)."""
    return PARTS[part].spec.seconds


def part_timeout(part):
    return max(TIMEOUT_FLOOR, math.ceil(TIMEOUT_FACTOR * answer_key_seconds(part)))


def part_reserve(part):
    return round(max(RESERVE_FLOOR, RESERVE_FACTOR * answer_key_seconds(part)), 3)


# ----------------------------------------------------------------------------------------------------------- memory
# A part whose process runs out of memory below its start (the sandbox's supervisor: Python, numpy and the grader's
# copy of the data, about 120 MB plus the data's 13 MB on the subset or 150 MB at full scale, which the grader adds
# to the memory limit) + what it added on the answer key (its spec's memory_mb) + MEMORY_MARGIN_MB failed because
# the grader gave it too little memory, not because of the student's code (a grader fault).
MEMORY_MARGIN_MB = 64


def memory_needed_mb(part, start_mb):
    """The address space (MB) correct code needs in a part whose process starts with start_mb."""
    return start_mb + PARTS[part].spec.memory_mb + MEMORY_MARGIN_MB


# Read only by the grader: the folder to read the cgroup files from (default /sys/fs/cgroup); the tests point it at
# a folder holding a fake memory.max.
CGROUP_ROOT_VARIABLE = "FC_NETS_CGROUP_ROOT"
# Memory kept, below the machine's limit, for the grader's own processes while a part runs: the grader (about
# 100 MB resident, with the oracle's layers), the sandbox's supervisor (about 120 MB with the replays' data, shared
# with the part's process) and some slack.
GRADER_MEMORY_MB = 256
UNLIMITED = 1 << 60  # cgroup v1 writes "no limit" as a number near 2**63


def _read_number(path):
    try:
        text = Path(path).read_text().strip()
    except (OSError, UnicodeDecodeError):
        return None
    return int(text) if text.isdigit() and int(text) < UNLIMITED else None


def cgroup_folders(root):
    """The memory cgroup folders that may limit this process: the root a container sees, and this process's own
    cgroup and its ancestors (from /proc/self/cgroup), for cgroup v2 and v1. Pairs (limit file, usage file)."""
    v2, v1 = [root], [root / "memory"]
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        lines = []
    for line in lines:
        hierarchy, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        parts = PurePosixPath(path).parts[1:]
        found = v2 if hierarchy == "0" else v1 if "memory" in controllers.split(",") else None
        if found is not None:
            found += [found[0].joinpath(*parts[:depth]) for depth in range(1, len(parts) + 1)]
    return ([(folder / "memory.max", folder / "memory.current") for folder in v2]
            + [(folder / "memory.limit_in_bytes", folder / "memory.usage_in_bytes") for folder in v1])


def machine_memory():
    """(limit, in use) in bytes of the tightest memory cgroup this process is in, or (None, None) without one."""
    root = Path(os.environ.get(CGROUP_ROOT_VARIABLE, "/sys/fs/cgroup"))
    found = [(_read_number(limit), _read_number(usage)) for limit, usage in cgroup_folders(root)]
    found = [(limit, usage) for limit, usage in found if limit is not None]
    return min(found, key=lambda pair: pair[0]) if found else (None, None)


def memory_limit_mb(configured_mb=DEFAULT_MEMORY_MB):
    """(the memory limit of a part's process in MB, a sentence for results.json saying how it was chosen).

    The configured limit (--memory-mb), lowered to what the machine has: the tightest memory cgroup's limit minus
    what the grader keeps for itself (GRADER_MEMORY_MB, or more if more is in use there already), so that a memory
    bomb costs its part and never the whole container; and never above this process's own RLIMIT_AS, which the
    sandbox could not raise.
    """
    limit_mb, why = configured_mb, f"--memory-mb {configured_mb}"
    limit, usage = machine_memory()
    if limit is not None:
        kept = max(GRADER_MEMORY_MB, (usage or 0) // 2**20 + 64)
        machine_mb = limit // 2**20
        if machine_mb - kept < limit_mb:
            limit_mb = max(machine_mb - kept, 64)
            why = (f"the machine allows {machine_mb} MB for the whole grading run, of which {kept} MB are kept for "
                   f"the grader's own processes; --memory-mb {configured_mb}")
    own = resource.getrlimit(resource.RLIMIT_AS)[0]
    if own != resource.RLIM_INFINITY and own // 2**20 < limit_mb:
        limit_mb, why = own // 2**20, f"the grader runs with an address-space limit of {own // 2**20} MB; {why}"
    return limit_mb, why
