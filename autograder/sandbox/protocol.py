"""What the grader and the sandbox exchange, imported by both sides: the messages through the correct layers' pipes,
the sandbox's files and folders, the report a part's process gives, the keys of the log measurements.

The sandbox is a folder the grader prepares (autograder/grading/run_parts.py) and this package runs in
(supervisor.py). It holds:

- fc_nets/: the student's graded files next to the released package;
- sandbox/: this package, copied;
- plan.json: each part's time limit, the time it is sure to get, the deadline of all parts, the files students
  edit, the grader's data files and the parts that use them, the pipes to the grader's correct layers, the paths
  student code must not reach;
- probes/PART.py (the part's probes: every public function of it, in order, takes the inputs and returns a dict of
  arrays) and inputs/PART.npz (the grader's inputs);
- logs/: the student's logs that the parts replay;
- out/PART/: what a part's process leaves (below); tmp/PART/: its scratch folder;
- tmp/: the supervisor's own files, where no part may write (RUNNING, STUCK_FILE, STUCK_DUMP, ISOLATION_FILE).

A part's process writes out/PART/<probe>.npz for every probe that returns, out/PART/errors.json with a message for
every probe that raised, out/PART/current.txt naming the probe that runs (for a crash or a timeout), known_hangs.json
naming the probes that called a function that did not return earlier, and its output to stdout.txt and stderr.txt.
The supervisor writes out/PART/status.json when the process has ended (STATUS_KEYS).

This module needs only the standard library and numpy.
"""
import io
import os
import select
import stat
import time

import numpy as np

# In the sandbox: its folder (this package lies in it) and the assignment folder with the student's files.
HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ASSIGNMENT = os.path.join(HERE, "fc_nets")
PACKAGE = "sandbox"  # the name this package has in the sandbox

PLAN = "plan.json"
RUNNING = os.path.join("tmp", "running_part_pid.txt")  # the running part's process group, if the supervisor dies
STUCK_FILE = os.path.join("tmp", "stuck.json")  # the functions that did not return in an earlier part
STUCK_DUMP = os.path.join("tmp", "stack_{}.txt")  # where a part's process dumps its stack just before its time limit
ISOLATION_FILE = os.path.join("tmp", "isolation.json")  # what the isolation check found (autograder.sandbox.isolation)
STATUS, ERRORS, CURRENT, KNOWN_HANGS = "status.json", "errors.json", "current.txt", "known_hangs.json"
# The key under which a probe's saved arrays name the layers whose caches the student's code read itself, where the
# grader's correct layers stood in for the student's (stand_ins.CACHES_READ).
CACHES_READ = "caches_read_by_your_code"
# The fields of status.json, for the grader: exit code (negative for a signal), timed out, seconds, time limit, cut
# by the deadline of all parts, peak resident memory and address space (MB), not run (no time left), grader fault
# (the grader failed, not student code), stuck_* (where a part that timed out was stuck).
STATUS_KEYS = ("returncode", "timed_out", "seconds", "limit", "cut_by_deadline", "peak_rss_mb", "start_vm_mb",
               "added_vm_mb", "not_run", "grader_fault")
# The pipes of each part's channel to the grader's correct layers: JSON {part: [requests fd, responses fd]}.
ORACLE_FDS_VARIABLE = "FC_NETS_ORACLE_FDS"
# A part's process writes READY to its report pipe once its own set-up is done, before any student code runs; a
# process that ends without it failed in the grader's code. At its end it writes its peak address space (kB).
READY = b"READY"

# The layer functions the grader serves in place of the student's (autograder/grading/oracle.py; stand_ins.py in the
# sandbox): {name: (input arrays, output arrays)}.
SERVED_LAYERS = {
    "affine_forward": (("x", "w", "b"), ("out",)),
    "affine_backward": (("dout", "x", "w", "b"), ("dx", "dw", "db")),
    "relu_forward": (("x",), ("out",)),
    "relu_backward": (("dout", "x"), ("dx",)),
    "dropout_forward": (("x",), ("out", "mask")),
    "dropout_backward": (("dout", "mask"), ("dx",)),
    "batchnorm_forward": (("x", "gamma", "beta", "running_mean", "running_var"), ("out", "running_mean",
                                                                                  "running_var")),
    "batchnorm_backward": (("dout",), ("dx", "dgamma", "dbeta")),
    "batchnorm_backward_alt": (("dout",), ("dx", "dgamma", "dbeta")),
    "layernorm_forward": (("x", "gamma", "beta"), ("out",)),
    "layernorm_backward": (("dout",), ("dx", "dgamma", "dbeta")),
}

# The supervisor's command (run with `python -I -c BOOT PART ...` in the sandbox's folder).
BOOT = (f"import os, sys; sys.path.insert(0, os.getcwd()); from {PACKAGE}.supervisor import main; "
        f"main(sys.argv[1:])")


def log_key(log, measurement):
    """The key under which a part's probes save a measurement of a logged run (loss, train_acc, val_acc, audit,
    training_loss, error) and the grader's checks read it."""
    return f"{log}:{measurement}"


def read_tail(path, limit=20_000):
    """The end of an output file that sandboxed code wrote ('' if it is missing, or not a regular file)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return ""
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        size = os.fstat(fd).st_size
        f.seek(max(0, size - limit))
        text = f.read().decode("utf-8", errors="replace")
    return ("[... output cut ...]\n" + text) if size > limit else text


# ----------------------------------------------------------------------- messages through a part's pipes
MAX_MESSAGE_BYTES = 200_000_000


def write_message(fd, arrays, deadline=None):
    """Send a dict of arrays (an .npz, never a pickle) with its length in front. With a deadline, fd must be
    non-blocking: the grader never waits longer than that for a reader that does not read."""
    buffer = io.BytesIO()
    np.savez(buffer, **arrays)
    data = memoryview(len(buffer.getbuffer()).to_bytes(8, "little") + buffer.getvalue())
    while data:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([], [fd], [], remaining)[1]:
                raise TimeoutError("the other side did not read the message before the time limit")
        try:
            data = data[os.write(fd, data):]
        except BlockingIOError:
            continue


def _read_exactly(fd, size, deadline):
    chunks, left = [], size
    while left:
        if deadline is not None:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([fd], [], [], remaining)[0]:
                raise TimeoutError("no complete message before the time limit")
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            if left == size and not chunks:
                return None
            raise EOFError("the message was cut short")
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def read_message(fd, deadline=None):
    """The dict of arrays of the next message, or None when the other side closed the channel."""
    header = _read_exactly(fd, 8, deadline)
    if header is None:
        return None
    size = int.from_bytes(header, "little")
    if size > MAX_MESSAGE_BYTES:
        raise ValueError(f"a message of {size} bytes is too large")
    data = _read_exactly(fd, size, deadline)
    if data is None:
        raise EOFError("the message was cut short")
    with np.load(io.BytesIO(data), allow_pickle=False) as npz:
        return {key: npz[key] for key in npz.files}
