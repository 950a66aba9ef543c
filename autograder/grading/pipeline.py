"""Grade one submission: python -m autograder grade SUBMISSION --out results.json

SUBMISSION is an assignment folder or a zip of one (as collect_submission.py or Gradescope delivers it). grade()
reads top to bottom, one step after another:

1. intake (intake.py): unpack the submission safely, assemble the package to grade (the student's graded files next
   to the released ones), copy its logs;
2. run the parts (run_parts.py): the student's code runs in one sandbox, one process per graded part with its own
   limits, on the grader's inputs and data, with the grader's correct layers where a part grades a net;
3. score (scoring.py): the hidden checks judge the saved outputs and the logs in this process, which never imports
   student code;
4. the written answers, for grading by hand (intake.py, from the notebooks repaired on the release: repair.py);
5. results (report.py): results.json in Gradescope's format and a readable results.txt.

Whatever the submission does, both are written: a broken part costs that part's points, with the reason. The whole
run keeps within a time budget (limits.py): each part has a time limit that fits its cost, cut so that the later
parts and the scoring still fit; a function that hangs costs one time limit, and the later parts that call it fail
at once with the same diagnosis (autograder/sandbox/hangs.py); parts that cannot start in time score 0 with the
reason.
"""
import json
import random
import tempfile
import time
from pathlib import Path

from ..layout import DEFAULT_MEMORY_MB, REFERENCES, REPO, SOURCE
from ..parts import PARTS
from ..parts.checking import GRADER_FAULT, grader_fault
from ..parts.graded_experiments import GRADED_LOGS
from ..sandbox import isolation
from .intake import assemble_package, copy_logs, open_submission, read_manual_answers
from .limits import DEFAULT_BUDGET, SCORING_RESERVE, memory_limit_mb, part_timeout
from .report import build_results, format_report
from .run_parts import run_parts
from .scoring import score


def sensitive_paths(submission, out=None, references=REFERENCES, reference_assignment=SOURCE, guard=None):
    """({what: path} student code must not read, {what: folder} it must not write), of those that exist: the
    reference solution, the grader (hidden checks, references), the kit's history, answer key and tests (whose
    variants hold correct code), the submission as submitted, the results, and guard ({what: path}: e.g. the folder
    of all submissions of grade-all)."""
    read = {"the reference solution": reference_assignment, "the grader (hidden checks)": REPO / "autograder",
            "the references": references, "the kit's git history": REPO / ".git",
            "the answer key": REPO / "solutions", "the kit's tests": REPO / "tests",
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
    whole run, results included (limits.py); guard: more paths student code must not read ({what: path}, besides
    sensitive_paths'). results["extra_data"]["isolation"] records the isolation student code had
    (autograder/sandbox/isolation.py's describe says it in a line; students do not see it).
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
        private = tmp / "private"  # what the hidden checks read: the manifest, the outputs, the logs, the layer calls
        (private / "logs").mkdir(parents=True)

        # 1. Intake: the submission's assignment folder, the package to grade, the logs.
        root = open_submission(submission, tmp / "unpacked", notes)
        unreadable = notes[-1] if root is None else ""  # nothing of the submission could be read
        assignment = assemble_package(root, tmp / "package", notes)
        log_problems = copy_logs(root, GRADED_LOGS, private / "logs")

        # 2. The parts' probes, in one sandbox.
        guarded, unwritable = sensitive_paths(submission, out, references, reference_assignment, guard)
        ran = run_parts([PARTS[name] for name in parts if PARTS[name].probes_file], assignment, private, rng_seed,
                        timeouts, memory_mb, start + budget - SCORING_RESERVE, budget, references,
                        reference_assignment, guarded, unwritable)

        # 3. The hidden checks, on what the probes saved.
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

        # 4. The written answers, graded by hand.
        answers = read_manual_answers(root, notes)
        sandbox_isolation = isolation.load(private / "isolation.json")

    # 5. results.json and results.txt.
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
