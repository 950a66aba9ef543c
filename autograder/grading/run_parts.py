"""Run the parts' probes of one submission in one sandbox, one process per part, and say how each ended.

The grader prepares the sandbox's folder (the student's package, the sandbox package, the plan, each part's probes
and inputs, the logs it replays: autograder/sandbox/protocol.py), starts the supervisor in it (sandboxes.py), serves
the correct layers of the parts that grade a net on its own code (oracle.py), and reads back what each part's
process left: its outputs, its errors, how it ended. If student code kills the supervisor, the part it was running
costs its points and the next parts run in a new sandbox, if there is time left. A failure of the grader's own
(its data, its memory, a sandbox that does not start) is a grader fault, never the student's.
"""
import contextlib
import json
import math
import os
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from ..layout import DATA_FILE, IMAGES_FILE, REFERENCES, SOURCE, STUDENT_FILES, reference_module
from ..parts.checking import grader_fault
from ..parts.graded_experiments import REPLAY_ITERATIONS
from ..sandbox import isolation
from ..sandbox.hangs import hang_diagnosis
from ..sandbox.protocol import BOOT, CURRENT, ERRORS, ISOLATION_FILE, KNOWN_HANGS, PACKAGE, PLAN, RUNNING, STATUS
from .intake import regular_file
from .limits import memory_needed_mb, part_reserve
from .oracle import LayerServer
from .sandboxes import SandboxResult, read_tail, run_sandboxed

SANDBOX_PACKAGE = Path(__file__).resolve().parent.parent / "sandbox"  # copied into every sandbox as PACKAGE
SANDBOX_OUTPUT_BYTES = 300_000_000
# Seconds the sandbox may run past the deadline of all parts before this process kills it: its supervisor ends
# the last part at the deadline itself and only writes a status file after that.
SUPERVISOR_GRACE = 3
# How a process that runs out of memory may end: killed (the kernel's OOM killer), or crashing in C code that did not
# expect a failed allocation.
MEMORY_SIGNALS = {-signal.SIGKILL, -signal.SIGSEGV, -signal.SIGABRT, -signal.SIGBUS}


def collect_outputs(sandbox_out, private_out):
    """Copy the probe outputs out of the sandbox: regular .npz files only, within a size budget."""
    private_out.mkdir(parents=True, exist_ok=True)
    budget = SANDBOX_OUTPUT_BYTES
    for path in sorted(sandbox_out.glob("*.npz")) if sandbox_out.is_dir() else []:
        if path.is_symlink() or not path.is_file() or path.stat().st_size > budget:
            continue
        budget -= path.stat().st_size
        shutil.copyfile(path, private_out / path.name)


def read_small_json(path, limit=1_000_000):
    if regular_file(path, limit):
        return {}
    try:
        value = json.loads(Path(path).read_text())
    except (ValueError, UnicodeDecodeError):
        return {}
    return {str(k): str(v)[:2000] for k, v in value.items()} if isinstance(value, dict) else {}


def run_parts(parts, assignment_source, private, rng_seed, timeouts, memory_mb, deadline, budget,
              references=REFERENCES, reference_assignment=SOURCE, guarded=None, unwritable=None):
    """Run the probes of the parts in one sandbox, one process per part (autograder/sandbox/supervisor.py); return
    {part: (probe errors, crash {"message", "timed_out", "grader_fault"} or {} if its probes all ran, probes that
    called a function that had not returned in an earlier part, {"seconds", "peak_rss_mb", "start_vm_mb",
    "added_vm_mb"} of its process)}.

    timeouts: {part: seconds}; deadline: time.monotonic() by which every part has ended (budget: the whole run's
    seconds, for the messages). Parts that grade a net with correct layers (their spec's correct_layers) get them
    from a LayerServer in this process, through pipes of their own; its log goes to private/oracle/<part>/ for the
    checks. Parts that replay or audit logs get the student's logs and the grader's copy of the data. If
    student code kills the sandbox's supervisor, the part it was running costs its points and the next parts run in
    a new sandbox, if there is time left.

    guarded: {what: path} student code must not read, unwritable: {what: folder} it must not write (the grader's
    files, other submissions, the results; see sensitive_paths): where the grader is root, student code runs as an
    unprivileged uid, in a private root if the grader may make one, and the sandbox checks what that uid can still
    reach of them; its isolation record goes to private/isolation.json (autograder/sandbox/isolation.py).
    """
    data_files = [Path(references).resolve() / name for name in (DATA_FILE, IMAGES_FILE)]
    # Only parts that replay or audit logs use the grader's copy of the data; the others load none.
    data_parts = [part.name for part in parts if part.replayed or part.proved]
    # The training images are memory-mapped read-only: their pages are the page cache's, not the part's, so the
    # address-space limit grows by their size and student code has the same room at any scale.
    mapped_mb = math.ceil(data_files[1].stat().st_size / 2**20) if data_parts and data_files[1].is_file() else 0
    address_space_mb = memory_mb + mapped_mb
    plan = {"timeouts": timeouts, "reserves": {part.name: part_reserve(part.name) for part in parts},
            "deadline": deadline, "student_files": [str(Path(name)) for name in STUDENT_FILES],
            "data_file": str(data_files[0]) if data_parts else None, "images_file": str(data_files[1]),
            "data_parts": data_parts, "read_only": [str(path) for path in data_files] if data_parts else [],
            "guarded": dict(guarded or {}), "unwritable": dict(unwritable or {}),
            "correct_layers": {part.name: list(part.correct_layers) for part in parts if part.correct_layers}}
    ended, statuses = {}, {}
    # ignore_cleanup_errors: student code may leave files it made unremovable.
    with tempfile.TemporaryDirectory(prefix="sandbox-", ignore_cleanup_errors=True) as tmp:
        sandbox = Path(tmp)
        shutil.copytree(assignment_source, sandbox / "fc_nets")
        shutil.copytree(SANDBOX_PACKAGE, sandbox / PACKAGE, ignore=shutil.ignore_patterns("__pycache__"))
        for folder in ("probes", "inputs", "logs", "out"):
            (sandbox / folder).mkdir()
        (sandbox / PLAN).write_text(json.dumps(plan))
        for part in parts:
            inputs = part.inputs(rng_seed)
            if part.replayed or part.proved:
                inputs.update(replayed=np.array(part.replayed, dtype=str), proved=np.array(part.proved, dtype=str),
                              training_loss=np.array(part.training_loss, dtype=str),
                              iterations=np.int64(REPLAY_ITERATIONS),
                              whole=np.bool_(part.replayed_whole))
            inputs_file = private / "inputs" / f"{part.name}.npz"
            inputs_file.parent.mkdir(parents=True, exist_ok=True)
            with open(inputs_file, "wb") as f:
                np.savez(f, **inputs)
            shutil.copyfile(inputs_file, sandbox / "inputs" / inputs_file.name)
            shutil.copyfile(part.probes_file, sandbox / "probes" / f"{part.name}.py")
            for name in {*part.replayed, *part.proved}:
                if (private / "logs" / Path(name).name).is_file():
                    shutil.copyfile(private / "logs" / Path(name).name, sandbox / "logs" / Path(name).name)
        layers = reference_module("layers", reference_assignment) if plan["correct_layers"] else None
        oracles = {name: LayerServer(layers, rng_seed, served) for name, served in plan["correct_layers"].items()}
        remaining = [part.name for part in parts]
        while remaining:
            if time.monotonic() >= deadline:  # not even a sandbox can start now
                statuses.update({name: {"not_run": "deadline"} for name in remaining})
                break
            supervisor, refused = run_sandboxed([sys.executable, "-I", "-c", BOOT, *remaining], sandbox,
                                                timeout=deadline - time.monotonic() + SUPERVISOR_GRACE,
                                                memory_mb=address_space_mb,
                                                oracles={name: oracles[name] for name in remaining if name in oracles},
                                                read_only=plan["read_only"],
                                                private=True)
            record = isolation.load(sandbox / ISOLATION_FILE)
            if record.get("uid") is not None:  # whatever the sandbox's uid left running
                isolation.kill_uid(record["uid"])
            if record and not (private / "isolation.json").exists():
                (private / "isolation.json").write_text(json.dumps(record))
            for name in remaining:
                out = sandbox / "out" / name
                status = read_small_json(out / STATUS)
                if not status and not (sandbox / RUNNING).is_file():
                    # The supervisor ended outside every part's process: the sandbox itself did not start.
                    why = supervisor.describe(None, address_space_mb) or f"exit code {supervisor.returncode}"
                    tail = [line.strip() for line in supervisor.stderr.splitlines() if line.strip()][-1:]
                    fault = f"the grader's sandbox could not start ({why}{': ' + tail[0][:300] if tail else ''})"
                    statuses.update({later: {"grader_fault": fault} for later in remaining if later not in statuses})
                    break
                if status:
                    ended[name] = SandboxResult(int(status["returncode"]), status["timed_out"] == "True",
                                                float(status["seconds"]), stderr=read_tail(out / "stderr.txt"))
                else:  # the supervisor ended while this part ran: the part is charged, the next ones run again
                    ended[name] = supervisor
                    kill_running_part(sandbox)
                ended[name].refused = refused.get(name, "")
                statuses[name] = status
                collect_outputs(out, private / "out" / name)
                if not status:
                    break
            remaining = [name for name in remaining if name not in statuses]
        results = {}
        for number, part in enumerate(parts):
            name, out = part.name, sandbox / "out" / part.name
            spent = spent_by({earlier.name: statuses[earlier.name] for earlier in parts[:number]})
            process = {key: float(statuses[name][key]) for key in ("seconds", "peak_rss_mb", "start_vm_mb",
                                                                    "added_vm_mb")
                       if statuses[name].get(key, "None") != "None"}
            short = short_of_memory(name, process.get("start_vm_mb"), memory_mb, address_space_mb)
            crash = crash_description(ended.get(name), statuses[name], out, memory_mb, budget, spent, short)
            if short:
                process["short_of_memory"] = short
            called_stand_ins = sorted(read_small_json(out / KNOWN_HANGS))
            results[name] = (read_small_json(out / ERRORS), crash, called_stand_ins, process)
    for name, oracle in oracles.items():
        oracle.save(private / "oracle" / name)
    return results


def kill_running_part(sandbox):
    """Kill the process group of the part that ran when the sandbox's supervisor died (it recorded it where no
    part may write)."""
    running = sandbox / RUNNING
    if regular_file(running, 100):
        return
    with contextlib.suppress(ValueError, OSError):
        pid = int(running.read_text())
        if pid > 1:
            os.killpg(pid, signal.SIGKILL)
    running.unlink(missing_ok=True)  # a new supervisor that fails to start must not be taken for this part


def spent_by(statuses):
    """The earlier parts that used the time budget, for the messages: those that timed out or took longer than the
    time they are sure to get, with their seconds ('' if none did)."""
    return ", ".join(f"{name} {float(status['seconds']):.0f} s" for name, status in statuses.items()
                     if status.get("timed_out") == "True" or float(status.get("seconds", 0)) > part_reserve(name))


def short_of_memory(part, start_mb, memory_mb, address_space_mb):
    """Why the part's memory limit is too small for correct code (a grader fault), or '' if it is not: its process
    started with start_mb of address space and correct code adds what it added on the answer key."""
    if start_mb is None:
        return ""
    needed = memory_needed_mb(part, start_mb)
    if needed <= address_space_mb:
        return ""
    return (f"the grader gave this part's process {memory_mb} MB of memory, less than correct code needs here "
            f"(about {needed - (address_space_mb - memory_mb):.0f} MB)")


def crash_description(ended, status, out, memory_mb, budget, spent, short=""):
    """{} if the part's probes all ran; else {"message": what the student reads, "timed_out": whether it ran out
    of time (or got none), for the mistake id; "grader_fault": True where the grader itself failed, before any
    student code ran, or it ran out of memory where the grader gave it less than correct code needs (short)}."""
    budget_used = f"the grading run's time budget of {budget:g} s was used up" + (
        f" by earlier parts ({spent})" if spent else "")
    if status.get("grader_fault"):
        return {"message": grader_fault(status["grader_fault"]), "grader_fault": True}
    if status.get("not_run"):
        return {"message": f"not graded: {budget_used} before this part could start. Make the code "
                           f"{'those parts run' if spent else 'of your parts'} return quickly (look for a loop that "
                           "never ends, or far too slow code) and submit again", "timed_out": True}
    current = out / CURRENT
    if not (ended.timed_out or ended.refused or current.is_file() or not (out / ERRORS).is_file()):
        return {}
    running = current.read_text()[:100] if not regular_file(current, 1000) else "startup"
    if ended.timed_out and not ended.refused:
        if not status:  # the sandbox was stopped at the deadline of all parts
            within = f"the grading run's time budget of {budget:g} s"
        elif status.get("cut_by_deadline") == "True":
            within = (f"the {float(status['limit']):g} s left of the grading run's time budget of {budget:g} s"
                      + (f" (earlier parts used the rest: {spent})" if spent else ""))
        else:
            within = f"the time limit of {float(status['limit']):g} s"
        if status.get("stuck_function"):
            stuck = {key.removeprefix("stuck_"): value for key, value in status.items() if key.startswith("stuck_")}
            how = hang_diagnosis(stuck, within)
        else:
            how = f"it did not finish within {within} (an infinite loop, or far too slow)"
        return {"message": f"your code did not return a result here: while the grader's '{running}' check ran, {how}",
                "timed_out": True}
    if short and (ended.returncode in MEMORY_SIGNALS or "MemoryError" in ended.stderr):
        return {"message": grader_fault(short), "grader_fault": True}
    how = ended.describe(None, memory_mb) or f"the process ended with exit code {ended.returncode}"
    crash = f"your code did not return a result here: {how} (while running the grader's '{running}' check)"
    tail = [line for line in ended.stderr.strip().splitlines() if line.strip()][-3:]
    if tail:
        crash += ". Last output: " + " | ".join(line.strip()[:300] for line in tail)
    return {"message": crash, "timed_out": False}
