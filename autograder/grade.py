"""Grade one submission: python -m autograder grade SUBMISSION --out results.json

SUBMISSION is an assignment folder or a zip of one (as collect_submission.py or
Gradescope delivers it). autograder.intake unpacks it and assembles the package to
grade; the student's code runs in one sandbox (autograder.sandbox), where the probe
runner forks a process of its own per graded part, with its own limits; the hidden
checks then judge the saved outputs and the submitted logs in this process, which
never imports student code (autograder.scoring); autograder.report writes
results.json (Gradescope format) and a readable report. Whatever the submission
does, both are written: a broken part costs that part's points, with the reason.

The whole run keeps within a time budget (autograder.limits): each part has a time
limit that fits its cost, cut so that the later parts and the scoring still fit; a
function that hangs costs one time limit, and the later parts that call it fail at
once with the same diagnosis (probe_runner); parts that cannot start in time score 0
with the reason.
"""
import contextlib
import json
import math
import os
import random
import shutil
import signal
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from .experiments import GRADED_LOGS, REPLAY_ITERATIONS
from .intake import assemble_package, copy_logs, open_submission, read_manual_answers, regular_file
from .layout import DEFAULT_MEMORY_MB, REFERENCES, SOURCE, STUDENT_FILES
from .limits import DEFAULT_BUDGET, SCORING_RESERVE, memory_limit_mb, memory_needed_mb, part_reserve, part_timeout
from .parts import PARTS
from .oracle import Oracle
from .probe_runner import RUNNING, hang_diagnosis
from .references import DATA_FILE, IMAGES_FILE, reference_module
from .report import GRADER_FAULT, build_results, format_report, grader_fault
from . import isolation
from .sandbox import SandboxResult, read_tail, run_sandboxed
from .scoring import score

PROBE_RUNNER, SANDBOX = Path(__file__).with_name("probe_runner.py"), Path(__file__).with_name("sandbox.py")
ISOLATION = Path(__file__).with_name("isolation.py")
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


def run_probes(parts, assignment_source, private, rng_seed, timeouts, memory_mb, deadline, budget,
               references=REFERENCES, reference_assignment=SOURCE, guarded=None, unwritable=None):
    """Run the probes of the parts in one sandbox, one child process per part (probe_runner.py); return
    {part: (probe errors, crash {"message", "timed_out", "grader_fault"} or {} if its probes all ran, probes that
    called a function that had not returned in an earlier part, {"seconds", "peak_rss_mb", "start_vm_mb",
    "added_vm_mb"} of its process)}.

    timeouts: {part: seconds}; deadline: time.monotonic() by which every part has ended (budget: the whole run's
    seconds, for the messages). Parts that grade a net with correct layers (CORRECT_LAYERS in their __init__) get
    them from an oracle in this process, through pipes of their own; its log goes to private/oracle/<part>/ for the
    checks. Parts that replay logs (REPLAYED) get the student's logs and may read the grader's copy of the data. If
    student code kills the sandbox's supervisor, the part it was running costs its points and the next parts run in
    a new sandbox, if there is time left.

    guarded: {what: path} student code must not read, unwritable: {what: folder} it must not write (the grader's
    files, other submissions, the results; see sensitive_paths): where the grader is root, student code runs as an
    unprivileged uid, in a private root if the grader may make one, and the sandbox checks what that uid can still
    reach of them; its isolation record goes to private/isolation.json (autograder.isolation).
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
        for helper in (PROBE_RUNNER, SANDBOX, ISOLATION):
            shutil.copyfile(helper, sandbox / helper.name)
        for folder in ("probes", "inputs", "logs", "out"):
            (sandbox / folder).mkdir()
        (sandbox / "plan.json").write_text(json.dumps(plan))
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
        oracles = {name: Oracle(layers, rng_seed, served) for name, served in plan["correct_layers"].items()}
        remaining = [part.name for part in parts]
        while remaining:
            if time.monotonic() >= deadline:  # not even a sandbox can start now
                statuses.update({name: {"not_run": "deadline"} for name in remaining})
                break
            supervisor, refused = run_sandboxed([sys.executable, "-I", "probe_runner.py", *remaining], sandbox,
                                                timeout=deadline - time.monotonic() + SUPERVISOR_GRACE,
                                                memory_mb=address_space_mb,
                                                oracles={name: oracles[name] for name in remaining if name in oracles},
                                                read_only=plan["read_only"],
                                                private=True)
            record = isolation.load(sandbox / "tmp" / "isolation.json")
            if record.get("uid") is not None:  # whatever the sandbox's uid left running
                isolation.kill_uid(record["uid"])
            if record and not (private / "isolation.json").exists():
                (private / "isolation.json").write_text(json.dumps(record))
            for name in remaining:
                out = sandbox / "out" / name
                status = read_small_json(out / "status.json")
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
            process = {key: float(statuses[name][key]) for key in ("seconds", "peak_rss_mb", "start_vm_mb", "added_vm_mb")
                       if statuses[name].get(key, "None") != "None"}
            short = short_of_memory(name, process.get("start_vm_mb"), memory_mb, address_space_mb)
            crash = crash_description(ended.get(name), statuses[name], out, memory_mb, budget, spent, short)
            if short:
                process["short_of_memory"] = short
            called_stand_ins = sorted(read_small_json(out / "known_hangs.json"))
            results[name] = (read_small_json(out / "errors.json"), crash, called_stand_ins, process)
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
    current = out / "current.txt"
    if not (ended.timed_out or ended.refused or current.is_file() or not (out / "errors.json").is_file()):
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


def sensitive_paths(submission, out=None, references=REFERENCES, reference_assignment=SOURCE, guard=None):
    """({what: path} student code must not read, {what: folder} it must not write), of those that exist: the
    reference solution, the grader (hidden checks, references), the kit's history, answer key and tests (whose
    variants hold correct code), the submission as submitted, the results, and guard ({what: path}: e.g. the folder
    of all submissions of grade-all)."""
    kit = Path(__file__).resolve().parent
    read = {"the reference solution": reference_assignment, "the grader (hidden checks)": kit,
            "the references": references, "the kit's git history": kit.parent / ".git",
            "the answer key": kit.parent / "solutions", "the kit's tests": kit.parent / "tests",
            "the submission as submitted": submission, **(guard or {})}
    written = {}
    if out:
        read["the results folder"] = written["the results folder"] = Path(out).resolve().parent
    existing = lambda paths: {what: str(Path(path).resolve()) for what, path in paths.items() if Path(path).exists()}
    return existing(read), existing(written)


def grade(submission, out=None, report=None, rng_seed=None, timeout=None, memory_mb=DEFAULT_MEMORY_MB,
          references=REFERENCES, reference_assignment=SOURCE, parts=None, budget=DEFAULT_BUDGET, guard=None):
    """Grade one submission; write results.json (out) and the report; return the results dict.

    parts: names of the graded parts to grade (default: all); the others are left out of the results.
    timeout: seconds every part may run (default: each part its own limit, from its cost on the answer key);
    memory_mb: the memory limit of a part's process, lowered to what the machine has; budget: seconds for the
    whole run, results included (autograder.limits); guard: more paths student code must not read ({what: path},
    besides sensitive_paths'). results["extra_data"]["isolation"] records the isolation student code had
    (autograder.isolation.describe says it in a line; students do not see it).
    """
    start = time.monotonic()
    parts = list(PARTS) if parts is None else list(parts)
    unknown = [part for part in parts if part not in PARTS]
    if unknown:
        raise ValueError(f"unknown part(s) {', '.join(unknown)}; the parts are {', '.join(PARTS)}")
    rng_seed = random.SystemRandom().randrange(2**31) if rng_seed is None else rng_seed
    notes = []
    timeouts = {name: timeout or part_timeout(name) for name in parts}
    memory_mb, memory_reason = memory_limit_mb(memory_mb)
    with tempfile.TemporaryDirectory(prefix="fc_nets-grade-", ignore_cleanup_errors=True) as tmp:
        tmp = Path(tmp)
        private = tmp / "private"
        (private / "logs").mkdir(parents=True)
        root = open_submission(submission, tmp / "unpacked", notes)
        unreadable = notes[-1] if root is None else ""  # nothing of the submission could be read
        assignment = assemble_package(root, tmp / "package", notes)
        log_problems = copy_logs(root, GRADED_LOGS, private / "logs")

        guarded, unwritable = sensitive_paths(submission, out, references, reference_assignment, guard)
        ran = run_probes([PARTS[name] for name in parts if PARTS[name].probes_file], assignment, private, rng_seed,
                         timeouts, memory_mb, start + budget - SCORING_RESERVE, budget, references,
                         reference_assignment, guarded, unwritable)
        sandbox_isolation = isolation.load(private / "isolation.json")
        manifest = {"parts": parts, "reference_assignment": str(reference_assignment), "references": str(references),
                    "probe_errors": {name: errors for name, (errors, _, _, _) in ran.items()},
                    "crashes": {name: crash for name, (_, crash, _, _) in ran.items()},
                    "known_hangs": {name: probes for name, (_, _, probes, _) in ran.items() if probes},
                    "short_of_memory": {name: process.pop("short_of_memory") for name, (_, _, _, process) in ran.items()
                                        if "short_of_memory" in process},
                    "log_problems": log_problems}
        (private / "manifest.json").write_text(json.dumps(manifest, indent=1))
        checks = score(private)
        if checks is None:
            checks = [{"part": name, "check": title, "points": points, "passed": False,
                       "message": grader_fault("the grader's hidden checks could not run"),
                       "mistake": f"{name}/{GRADER_FAULT}"}
                      for name in parts for title, points in PARTS[name].checks.values()]
        answers = read_manual_answers(root, notes)
    shortest, longest = min(timeouts.values(), default=0), max(timeouts.values(), default=0)
    notes.append(f"Limits of this grading run: {budget:g} s in all, {shortest:g}"
                 + (f" to {longest:g}" if longest > shortest else "")
                 + f" s per part, {memory_mb} MB of memory per part ({memory_reason}).")
    notes.append(f"Random seed of this grading run: {rng_seed}.")
    results = build_results(checks, answers, notes, time.monotonic() - start)
    # Gradescope keeps a top-level extra_data and shows students nothing of it; grade-all and the class report list
    # it. processes: what each part's process took (seconds, peak resident and address space in MB).
    results.setdefault("extra_data", {}).update(
        isolation=sandbox_isolation, processes={name: process for name, (_, _, _, process) in ran.items()},
        **({"unreadable": unreadable} if unreadable else {}))
    if out:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2))
        report = Path(report) if report else out.with_suffix(".txt")
    if report:
        Path(report).write_text(format_report(results, submission))
    return results
