"""Grade many submissions: python -m autograder grade-all SUBMITTED_DIR [--workers N | --scheduler ADDRESS]

SUBMITTED_DIR holds one entry per student, in nbgrader's layout
(<student>/fc_nets/), as an assignment folder (<student>/) or as a zip
(<student>.zip). Submissions are graded in parallel by a process pool, or on a
Dask distributed cluster with --scheduler (the workers must see the same files).

Each finished submission is appended at once to <out>/record.jsonl with a
fingerprint of its files, so an interrupted run continues where it stopped: a
submission already in the record with unchanged files is not graded again, and
nothing graded is lost. Each line also keeps the submission's path, its part
scores and the ids of the mistakes its failed checks name (`mistakes`); a
submission of which nothing could be read says why (`unreadable`), one whose
grading raised says so (`error`), and one the grader could not fully judge lists
its grader faults (`grader_faults`); the next run grades these two again. Results:
<out>/<student>/results.json and results.txt, <out>/grades.csv (a row per
student: score, part scores, mistakes, problem, a column per check), and with
--gradebook the part scores in nbgrader's gradebook. `python -m autograder
class-report <out>` summarizes the class.
"""
import csv
import hashlib
import json
import multiprocessing
import os
import resource
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from tqdm import tqdm

from .pipeline import grade
from ..sandbox.isolation import describe, level
from ..layout import ASSIGNMENT, COURSE_ID, ONE_BLAS_THREAD
from ..parts import PARTS
from .report import grader_faults, part_scores

RECORD = "record.jsonl"


def find_submissions(folder):
    """{student: submission path} for every entry of folder, in name order."""
    found = {}
    for entry in sorted(Path(folder).iterdir()):
        if entry.name.startswith("."):
            continue
        if entry.is_dir():
            found[entry.name] = entry / ASSIGNMENT if (entry / ASSIGNMENT).is_dir() else entry
        elif entry.suffix == ".zip":
            found[entry.stem] = entry
    return found


def fingerprint(path):
    """A hash of a submission's files (names and contents); it changes when the submission does."""
    digest = hashlib.sha256()
    path = Path(path)
    files = [path] if path.is_file() else sorted(p for p in path.rglob("*") if p.is_file() and not p.is_symlink())
    for file in files:
        digest.update(file.relative_to(path).as_posix().encode() if file != path else b"")
        digest.update(hashlib.sha256(file.read_bytes()).digest())
    return digest.hexdigest()[:20]


def peak_memory_mb():
    """This process's peak resident memory since it started its program (VmHWM on Linux).

    ru_maxrss is not used where VmHWM exists: it also counts the parent's memory
    copied at fork, before the worker's own program started.
    """
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux, bytes on macOS: a fallback


def failed_mistakes(results):
    """The mistake ids of a results.json's failed checks, sorted and each once (notes cost no points: left out)."""
    return sorted({entry["extra_data"]["mistake"] for entry in results["tests"]
                   if entry.get("status") == "failed" and entry.get("extra_data", {}).get("mistake")})


def grade_one(student, path, files_fingerprint, out, options):
    """Grade one submission (in a worker); return its record line.

    A grading that raises is recorded too, with the reason and no fingerprint, so the next run grades it again.
    """
    start = time.monotonic()
    line = {"student": student, "submission": str(Path(path).resolve())}
    try:
        results = grade(path, out=Path(out) / student / "results.json", **options)
    except Exception as exc:  # a bug of the grader: the other submissions go on
        return {**line, "fingerprint": None, "score": None, "parts": {}, "tests": {}, "mistakes": [],
                "error": f"grading failed: {type(exc).__name__}: {exc}"[:2000],
                "seconds": round(time.monotonic() - start, 2), "worker": os.getpid()}
    faults = grader_faults(results)
    return {
        **line,
        # A grading with grader faults is done again by the next run, once the grader is fixed.
        "fingerprint": None if faults else files_fingerprint,
        "score": results["score"],
        "parts": {part: score for part, (score, _) in part_scores(results).items()},
        "tests": {t["name"]: t["score"] for t in results["tests"] if "manual" not in t["tags"]},
        "mistakes": failed_mistakes(results),
        # How far its code was kept from the grader's files and the other submissions (autograder.sandbox.isolation).
        "isolation": level(results["extra_data"].get("isolation")),
        "isolation_line": describe(results["extra_data"].get("isolation")),
        # Nothing of the submission could be read (not a zip, no assignment in it): graded as the release.
        **({"unreadable": results["extra_data"]["unreadable"]} if "unreadable" in results.get("extra_data", {})
           else {}),
        **({"grader_faults": faults} if faults else {}),
        "seconds": round(time.monotonic() - start, 2),
        "worker_peak_mb": round(peak_memory_mb(), 1),
        # The largest of the processes the worker started (sandboxed student code, scoring).
        "subprocess_peak_mb": round(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024, 1),
        "worker": os.getpid(),
    }


def read_record(out):
    """{student: latest record line} of earlier runs."""
    lines = {}
    path = Path(out) / RECORD
    if path.is_file():
        for line in path.read_text().splitlines():
            try:
                entry = json.loads(line)
            except ValueError:  # a line cut short by an interruption
                continue
            lines[entry["student"]] = entry
    return lines


def _completed(todo, out, options, workers, scheduler):
    """Yield record lines as submissions finish, from a process pool or a Dask cluster."""
    if scheduler:
        from distributed import Client
        from distributed import as_completed as dask_completed

        with Client(scheduler) as client:
            futures = [client.submit(grade_one, student, str(path), files_fingerprint, str(out), options, pure=False)
                       for student, path, files_fingerprint in todo]
            for future in dask_completed(futures):
                yield future.result()
        return
    # One BLAS thread per process: two workers with two threads each on two cores collapse.
    for name, value in ONE_BLAS_THREAD.items():
        os.environ.setdefault(name, value)
    # Fresh interpreters, not forks: a worker holds only what grading needs.
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
        futures = [pool.submit(grade_one, student, str(path), files_fingerprint, str(out), options)
                   for student, path, files_fingerprint in todo]
        for future in as_completed(futures):
            yield future.result()


def write_csv(records, path):
    tests = sorted({name for record in records for name in record["tests"]})
    with open(path, "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["student", "score", *PARTS, "mistakes", "problem", *tests])
        for record in sorted(records, key=lambda r: r["student"]):
            writer.writerow([record["student"], "" if record["score"] is None else record["score"],
                             *(record["parts"].get(p, "") for p in PARTS), " ".join(record.get("mistakes", [])),
                             record.get("error") or "; ".join(record.get("grader_faults", []))
                             or record.get("unreadable", ""),
                             *(record["tests"].get(t, "") for t in tests)])


def write_gradebook(records, db_path):
    """Put the part scores into an nbgrader gradebook that already knows the assignment."""
    from nbgrader.api import Gradebook, MissingEntry

    with Gradebook(f"sqlite:///{Path(db_path).resolve()}", COURSE_ID) as gb:
        try:
            gb.find_assignment(ASSIGNMENT)
        except MissingEntry:
            raise SystemExit(f"{db_path} has no assignment {ASSIGNMENT}: run `nbgrader generate_assignment "
                             f"{ASSIGNMENT}` in that course first") from None
        for record in (record for record in records if record["score"] is not None):
            gb.update_or_create_student(record["student"])
            gb.update_or_create_submission(ASSIGNMENT, record["student"])
            for part, score in record["parts"].items():
                gb.find_grade(part, PARTS[part].notebook, ASSIGNMENT, record["student"]).auto_score = score
        gb.db.commit()


def isolation_summary(records):
    """Lines for the instructor: how student code was isolated in these gradings, the weakest first."""
    order = ["none", "weak", "uid only", "unknown", "strong"]
    levels = Counter(record.get("isolation", "unknown") for record in records if record.get("score") is not None)
    lines = ["Isolation of student code: " + ", ".join(f"{name} for {levels[name]}" for name in order if levels[name])]
    for name in order[:3]:
        example = next((r for r in records if r.get("isolation") == name), None)
        if example:
            lines.append(f"  {example['student']}: {example['isolation_line']}")
    return lines


def grade_all(folder, out, workers=2, scheduler=None, gradebook=None, progress=True, **options):
    """Grade every submission of folder not yet in out's record; return all records (old and new)."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    submissions = find_submissions(folder)
    records = read_record(out)
    fingerprints = {student: fingerprint(path) for student, path in submissions.items()}
    todo = [(student, path, fingerprints[student]) for student, path in submissions.items()
            if records.get(student, {}).get("fingerprint") != fingerprints[student]]
    skipped = len(submissions) - len(todo)
    bar = tqdm(total=len(todo), unit="submission", desc=f"grading ({skipped} already done)", disable=not progress)
    # Student code must reach neither the other submissions nor their results (autograder.sandbox.isolation).
    options = {**options, "guard": {"all submissions": str(Path(folder).resolve()),
                                    "the results of all submissions": str(out.resolve())}}
    with open(out / RECORD, "a") as record_file:
        for record in _completed(todo, out, options, workers, scheduler):
            record_file.write(json.dumps(record) + "\n")
            record_file.flush()
            os.fsync(record_file.fileno())
            records[record["student"]] = record
            bar.set_postfix_str(f"{record['student']}: {record.get('error') or format(record['score'], 'g')}"[:60])
            bar.update()
    bar.close()
    finished = [records[student] for student in submissions if student in records]
    write_csv(finished, out / "grades.csv")
    if gradebook:
        write_gradebook(finished, gradebook)
    return finished
