"""Grade one submission: python -m autograder grade SUBMISSION --out results.json

SUBMISSION is an assignment folder or a zip of one (as collect_submission.py or
Gradescope delivers it). autograder.intake unpacks it and assembles the package to
grade; for every graded part with probes, the student's code runs in its own
sandboxed process (autograder.sandbox) on a fresh copy of that package; the hidden
checks then judge the saved outputs and the submitted logs in a process where no
student code ran (autograder.scoring); autograder.report writes results.json
(Gradescope format) and a readable report. Whatever the submission does, both are
written: a broken part costs that part's points, with the reason.
"""
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from .experiments import GRADED_LOGS, REPLAY_ITERATIONS
from .intake import assemble_package, copy_logs, open_submission, read_manual_answers, regular_file
from .layout import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT, ONE_BLAS_THREAD, REFERENCES, REPO, SOURCE
from .parts import PARTS
from .oracle import Oracle
from .references import DATA_FILE, reference_module
from .report import build_results, format_report, internal_error
from .sandbox import landlock_abi, run_sandboxed

PROBE_RUNNER = Path(__file__).with_name("probe_runner.py")
SANDBOX_OUTPUT_BYTES = 300_000_000


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


def run_part(part, assignment_source, private, rng_seed, timeout, memory_mb, references=REFERENCES,
             reference_assignment=SOURCE):
    """Run the part's probes in a fresh sandbox; return (probe errors, crash description or '').

    A part whose probes grade a net with correct layers (CORRECT_LAYERS in its __init__) gets them
    from an oracle in this process; its log goes to private/oracle/<part>/ for the checks. A part
    that replays logs (REPLAYED) gets the student's logs and may read the grader's copy of the data.
    """
    inputs = part.inputs(rng_seed)
    read_only = []
    if part.replayed:
        data_file = Path(references).resolve() / DATA_FILE
        inputs.update(replayed=np.array(part.replayed), data_file=np.array(str(data_file)),
                      iterations=np.int64(REPLAY_ITERATIONS))
        read_only.append(data_file)
    inputs_file = private / "inputs" / f"{part.name}.npz"
    inputs_file.parent.mkdir(parents=True, exist_ok=True)
    with open(inputs_file, "wb") as f:
        np.savez(f, **inputs)
    # ignore_cleanup_errors: student code may leave files it made unremovable.
    with tempfile.TemporaryDirectory(prefix=f"sandbox-{part.name}-", ignore_cleanup_errors=True) as tmp:
        sandbox = Path(tmp)
        shutil.copytree(assignment_source, sandbox / "fc_nets")
        shutil.copyfile(PROBE_RUNNER, sandbox / "probe_runner.py")
        shutil.copyfile(part.probes_file, sandbox / "probes.py")
        (sandbox / "inputs").mkdir()
        shutil.copyfile(inputs_file, sandbox / "inputs" / f"{part.name}.npz")
        (sandbox / "logs").mkdir()
        for name in part.replayed:
            if (private / "logs" / Path(name).name).is_file():
                shutil.copyfile(private / "logs" / Path(name).name, sandbox / "logs" / Path(name).name)
        oracle = None
        if getattr(part.module, "CORRECT_LAYERS", False):
            oracle = Oracle(reference_module("layers", reference_assignment), rng_seed)
        result = run_sandboxed([sys.executable, "-I", "probe_runner.py", part.name], sandbox, timeout=timeout,
                               memory_mb=memory_mb, oracle=oracle, read_only=read_only)
        if oracle:
            oracle.save(private / "oracle" / part.name)
        out = sandbox / "out" / part.name
        collect_outputs(out, private / "out" / part.name)
        errors = read_small_json(out / "errors.json")
        crash = ""
        current = out / "current.txt"
        if result.timed_out or current.is_file() or not (out / "errors.json").is_file():
            running = current.read_text()[:100] if not regular_file(current, 1000) else "startup"
            how = result.describe(timeout, memory_mb) or f"the process ended with exit code {result.returncode}"
            crash = f"{how} (while running the grader's '{running}' check)"
            tail = [line for line in result.stderr.strip().splitlines() if line.strip()][-3:]
            if tail and not result.timed_out:
                crash += ". Last output: " + " | ".join(line.strip()[:300] for line in tail)
    return errors, crash


def score(private, timeout=600):
    """Run the hidden checks in a separate process; return their results, or None if the run failed."""
    out = private / "scores.json"
    env = dict(os.environ, **ONE_BLAS_THREAD)  # the checks compute little
    result = subprocess.run([sys.executable, "-m", "autograder.scoring", str(private), str(out)],
                            capture_output=True, text=True, timeout=timeout, cwd=REPO, env=env)
    if result.returncode not in (0, 1) or not out.is_file():
        print(result.stdout[-3000:], result.stderr[-3000:], file=sys.stderr)
        return None
    return json.loads(out.read_text())


def grade(submission, out=None, report=None, rng_seed=None, timeout=DEFAULT_TIMEOUT, memory_mb=DEFAULT_MEMORY_MB,
          references=REFERENCES, reference_assignment=SOURCE, parts=None):
    """Grade one submission; write results.json (out) and the report; return the results dict.

    parts: names of the graded parts to grade (default: all); the others are left out of the results.
    """
    start = time.monotonic()
    parts = list(PARTS) if parts is None else list(parts)
    unknown = [part for part in parts if part not in PARTS]
    if unknown:
        raise ValueError(f"unknown part(s) {', '.join(unknown)}; the parts are {', '.join(PARTS)}")
    rng_seed = random.SystemRandom().randrange(2**31) if rng_seed is None else rng_seed
    notes = []
    if landlock_abi() <= 0:
        notes.append("Warning: Landlock is unavailable on the grading machine, so student code ran with resource "
                     "limits but without file-system isolation.")
    with tempfile.TemporaryDirectory(prefix="fc_nets-grade-", ignore_cleanup_errors=True) as tmp:
        tmp = Path(tmp)
        private = tmp / "private"
        (private / "logs").mkdir(parents=True)
        root = open_submission(submission, tmp / "unpacked", notes)
        assignment = assemble_package(root, tmp / "package", notes)
        log_problems = copy_logs(root, GRADED_LOGS, private / "logs")

        probe_errors, crashes = {}, {}
        for name in parts:
            if PARTS[name].probes_file:
                probe_errors[name], crashes[name] = run_part(PARTS[name], assignment, private, rng_seed, timeout,
                                                             memory_mb, references, reference_assignment)
        manifest = {"parts": parts, "reference_assignment": str(reference_assignment), "references": str(references),
                    "probe_errors": probe_errors, "crashes": crashes, "log_problems": log_problems}
        (private / "manifest.json").write_text(json.dumps(manifest, indent=1))
        checks = score(private)
        if checks is None:
            notes.append(internal_error("the hidden checks could not run"))
            checks = [{"part": name, "check": title, "points": points, "passed": False,
                       "message": "not graded: internal grader error"}
                      for name in parts for title, points in PARTS[name].checks.values()]
        answers = read_manual_answers(root, notes)
    notes.append(f"Random seed of this grading run: {rng_seed}.")
    results = build_results(checks, answers, notes, time.monotonic() - start)
    if out:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2))
        report = Path(report) if report else out.with_suffix(".txt")
    if report:
        Path(report).write_text(format_report(results, submission))
    return results
