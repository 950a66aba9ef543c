"""Grade one submission: python -m autograder grade SUBMISSION --out results.json

SUBMISSION is an assignment folder or a zip of one (as collect_submission.py or
Gradescope delivers it). For every graded part the student's code runs in its
own sandboxed process (autograder.sandbox) on a fresh copy of the released
package with the student's files in place; the hidden tests then judge the saved
outputs in a process where no student code ran (autograder.scoring). Whatever
the submission does, results.json (Gradescope format) and a readable report are
written: a broken part costs that part's points, with the reason.
"""
import json
import os
import random
import shutil
import stat
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

import numpy as np

from .layout import NOTEBOOKS, ONE_BLAS_THREAD, REFERENCES, RELEASE, REPO, SOURCE
from .references import load_experiment_data
from .repair import NOT_FOUND, repair_file
from .sandbox import landlock_abi, run_sandboxed
from .scoring import collect_points
from .spec import GRADED_LOGS, LOG_ONLY_PARTS, MANUAL, PARTS, STUDENT_FILES, make_inputs

PROBE_RUNNER = Path(__file__).with_name("probe_runner.py")
MAX_FILE_BYTES = {".py": 2_000_000, ".npz": 5_000_000, ".ipynb": 50_000_000}
MAX_ZIP_BYTES, MAX_ZIP_MEMBERS = 500_000_000, 5_000
SANDBOX_OUTPUT_BYTES = 300_000_000


def regular_file(path, limit):
    """Why path cannot be used (missing, a link, too large), or '' if it is a regular file within limit."""
    path = Path(path)
    if path.is_symlink():
        return "is a symbolic link, which is not accepted"
    if not path.is_file():
        return "is missing"
    if path.stat().st_size > limit:
        return f"is larger than {limit // 1_000_000} MB"
    return ""


def extract_zip(archive, dest):
    """Safely unpack a submission zip into dest; raise ValueError with the reason if it is unusable."""
    with zipfile.ZipFile(archive) as zf:
        members = [m for m in zf.infolist() if not m.filename.startswith("__MACOSX/")]
        if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_ZIP_BYTES:
            raise ValueError("the zip is too large (more than 5000 files or 500 MB unpacked)")
        for member in members:
            parts = Path(member.filename.replace("\\", "/")).parts
            is_link = stat.S_ISLNK(member.external_attr >> 16)
            if member.filename.startswith(("/", "\\")) or ".." in parts or is_link:
                raise ValueError(f"the zip holds an unsafe entry {member.filename!r}")
        for member in members:
            zf.extract(member, dest)


def find_assignment_root(folder, depth=3):
    """The folder holding the notebook, the package or the logs (a zip may nest it)."""
    markers = [*NOTEBOOKS, "deeplearning", "submission_logs"]
    level = [Path(folder)]
    for _ in range(depth + 1):
        for candidate in level:
            if any((candidate / marker).exists() for marker in markers):
                return candidate
        level = [child for parent in level for child in sorted(parent.iterdir()) if child.is_dir()
                 and not child.is_symlink() and child.name != "__MACOSX"]
    return None


def open_submission(submission, scratch, notes):
    """The assignment folder of a submission (unpacking a zip into scratch), or None."""
    submission = Path(submission)
    if submission.is_dir():
        root = find_assignment_root(submission)
    elif submission.is_file() and zipfile.is_zipfile(submission):
        try:
            extract_zip(submission, scratch)
        except (ValueError, zipfile.BadZipFile, OSError) as exc:
            notes.append(f"The submission zip could not be unpacked: {exc}.")
            return None
        root = find_assignment_root(scratch)
    else:
        notes.append(f"{submission} is neither an assignment folder nor a zip file.")
        return None
    if root is None:
        notes.append(f"The submission holds no {', '.join(NOTEBOOKS)}, deeplearning/ or submission_logs/.")
    return root


def assemble_package(root, dest, notes):
    """dest/fc_nets: the released package with the student's graded files in place."""
    assignment = dest / "fc_nets"
    shutil.copytree(RELEASE / "deeplearning", assignment / "deeplearning")
    for relpath in STUDENT_FILES:
        source = root / relpath if root else None
        problem = regular_file(source, MAX_FILE_BYTES[".py"]) if source else "is missing"
        if problem:
            notes.append(f"{relpath} {problem}: the released stub was graded in its place.")
        else:
            shutil.copyfile(source, assignment / relpath)
    return assignment


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


def run_part(part, assignment_source, private, rng_seed, timeout, memory_mb, experiment_data):
    """Run the part's probes in a fresh sandbox; return (probe errors, crash description or '')."""
    inputs = make_inputs(part, rng_seed, experiment_data)
    inputs_file = private / "inputs" / f"{part}.npz"
    inputs_file.parent.mkdir(parents=True, exist_ok=True)
    with open(inputs_file, "wb") as f:
        np.savez(f, **inputs)
    # ignore_cleanup_errors: student code may leave files it made unremovable.
    with tempfile.TemporaryDirectory(prefix=f"sandbox-{part}-", ignore_cleanup_errors=True) as tmp:
        sandbox = Path(tmp)
        shutil.copytree(assignment_source, sandbox / "fc_nets")
        shutil.copyfile(PROBE_RUNNER, sandbox / "probe_runner.py")
        (sandbox / "inputs").mkdir()
        shutil.copyfile(inputs_file, sandbox / "inputs" / f"{part}.npz")
        result = run_sandboxed([sys.executable, "-I", "probe_runner.py", part], sandbox, timeout=timeout,
                               memory_mb=memory_mb)
        out = sandbox / "out" / part
        collect_outputs(out, private / "out" / part)
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


def read_manual_answers(root, notes, release=RELEASE):
    """{grade_id: answer text} of the written answers, from the notebook repaired on the release."""
    answers = {}
    if root is None:
        return answers
    for name in NOTEBOOKS:
        path = root / name
        problem = regular_file(path, MAX_FILE_BYTES[".ipynb"])
        if problem:
            notes.append(f"{name} {problem}.")
            continue
        try:
            notebook, repairs = repair_file(path, release / name)
        except (ValueError, UnicodeDecodeError, AttributeError, TypeError, KeyError) as exc:
            notes.append(f"{name} is not a readable notebook ({type(exc).__name__}); its written answers could not "
                         f"be extracted.")
            continue
        if repairs:
            notes.append(f"{name} was repaired before grading: " + "; ".join(repairs) + ".")
        for cell in notebook["cells"]:
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if grade_id in MANUAL:
                source = cell["source"]
                answers[grade_id] = "".join(source) if isinstance(source, list) else source
    return answers


def score_tests(private, timeout=600):
    """Run the hidden tests in a separate process; return their results, or None if the run failed."""
    out = private / "scores.json"
    env = dict(os.environ, **ONE_BLAS_THREAD)  # the hidden tests compute little
    result = subprocess.run([sys.executable, "-m", "autograder.scoring", str(private), str(out)],
                            capture_output=True, text=True, timeout=timeout, cwd=REPO, env=env)
    if result.returncode not in (0, 1) or not out.is_file():
        print(result.stdout[-3000:], result.stderr[-3000:], file=sys.stderr)
        return None
    return json.loads(out.read_text())


def build_results(tests, answers, notes, seconds):
    """results.json in Gradescope's format: one entry per hidden test and per written answer."""
    entries = []
    for part_number, (part, title) in enumerate(PARTS.items(), start=1):
        part_tests = [t for t in tests if t["part"] == part]
        for number, test in enumerate(part_tests, start=1):
            entries.append({
                "name": f"{title}: {test['title']}",
                "number": f"{part_number}.{number}",
                "score": test["points"] if test["passed"] else 0.0,
                "max_score": test["points"],
                "status": "passed" if test["passed"] else "failed",
                "output": test["message"],
                "visibility": "visible",
                "tags": [part],
            })
    for number, (grade_id, (title, points)) in enumerate(MANUAL.items(), start=1):
        text = answers.get(grade_id, "").strip()
        if text == NOT_FOUND:
            text = "No cell of the notebook could be matched to this answer: check the submission by hand."
        answered = text and text != "YOUR ANSWER HERE"
        entries.append({
            "name": f"{title} (graded by hand, {points} points)",
            "number": f"{len(PARTS) + 1}.{number}",
            "score": 0.0,
            "max_score": 0.0,
            "output": text if answered else "No answer found in the notebook.",
            "visibility": "visible",
            "tags": ["manual", grade_id],
        })
    score = sum(entry["score"] for entry in entries)
    return {
        "score": score,
        "execution_time": round(seconds, 2),
        "output": "\n".join(notes),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": entries,
    }


def part_scores(results):
    """{part: (score, max score)} from a results.json dict."""
    scores = {part: [0.0, 0.0] for part in PARTS}
    for entry in results["tests"]:
        part = entry["tags"][0]
        if part in scores:
            scores[part][0] += entry["score"]
            scores[part][1] += entry["max_score"]
    return {part: tuple(value) for part, value in scores.items()}


def format_part(results, part):
    """The report's section of one graded part: its score and every check, with the reasons of failures."""
    score, maximum = part_scores(results)[part]
    lines = [f"{PARTS[part]}: {score:g} / {maximum:g}"]
    for entry in results["tests"]:
        if entry["tags"][0] == part:
            mark = "pass" if entry["status"] == "passed" else "FAIL"
            lines.append(f"  [{mark}] {entry['name'].split(': ', 1)[1]} ({entry['score']:g}/{entry['max_score']:g})")
            if entry["output"]:
                lines.append(f"         {entry['output']}")
    return "\n".join(lines)


def format_report(results, submission):
    lines = [f"fc_nets autograder report for {submission}", ""]
    total = sum(entry["max_score"] for entry in results["tests"])
    lines.append(f"Score: {results['score']:g} / {total:g} (the inline questions are graded by hand)")
    graded = {entry["tags"][0] for entry in results["tests"]}
    for part in (part for part in PARTS if part in graded):
        lines += ["", format_part(results, part)]
    lines += ["", "Written answers (graded by hand):"]
    for entry in results["tests"]:
        if "manual" in entry["tags"]:
            answered = entry["output"] != "No answer found in the notebook."
            lines.append(f"  {entry['name']}: {'answered' if answered else 'NOT ANSWERED'}")
    if results["output"]:
        lines += ["", "Notes:"] + [f"  - {note}" for note in results["output"].splitlines()]
    lines.append(f"\nGraded in {results['execution_time']:.1f} s.")
    return "\n".join(lines) + "\n"


def grade(submission, out=None, report=None, rng_seed=None, timeout=120, memory_mb=2048,
          references=REFERENCES, reference_assignment=SOURCE, parts=None):
    """Grade one submission; write results.json (out) and the report; return the results dict.

    parts: the graded parts to grade (default: all); the others are left out of the results.
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

        log_problems = {}
        for name in GRADED_LOGS:
            problem = regular_file(root / name, MAX_FILE_BYTES[".npz"]) if root else "is missing"
            if problem:
                log_problems[name] = problem
            else:
                shutil.copyfile(root / name, private / "logs" / Path(name).name)

        experiment_data = load_experiment_data(references)
        probe_errors, crashes = {}, {}
        for part in (part for part in parts if part not in LOG_ONLY_PARTS):
            probe_errors[part], crashes[part] = run_part(part, assignment, private, rng_seed, timeout, memory_mb,
                                                         experiment_data)
        manifest = {"parts": parts, "reference_assignment": str(reference_assignment), "references": str(references),
                    "probe_errors": probe_errors, "crashes": crashes, "log_problems": log_problems}
        (private / "manifest.json").write_text(json.dumps(manifest, indent=1))
        tests = score_tests(private)
        if tests is None:
            notes.append("Internal grader error: the hidden tests could not run. Please tell your instructor.")
            tests = [{"part": part, "test": name, "title": name, "points": points, "passed": False,
                      "message": "not graded: internal grader error"}
                     for part, listing in collect_points().items() if part in parts
                     for name, points in listing.items()]
        answers = read_manual_answers(root, notes)
    notes.append(f"Random seed of this grading run: {rng_seed}.")
    results = build_results(tests, answers, notes, time.monotonic() - start)
    if out:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, indent=2))
        report = Path(report) if report else out.with_suffix(".txt")
    if report:
        Path(report).write_text(format_report(results, submission))
    return results
