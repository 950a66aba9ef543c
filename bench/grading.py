"""Grading speed: one submission (wall, CPU, where the time goes) against nbgrader autograde, and grade-all batches."""
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import cycle
from pathlib import Path

from autograder.grading import run_parts
from autograder.grading.pipeline import grade
from autograder.grading.grade_all import grade_all
from autograder.layout import NOTEBOOKS, ONE_BLAS_THREAD, REPO, SOLUTIONS
from autograder.grading.limits import part_timeout
from autograder.course.variants import make_mutant, mutants
from autograder.course.nbgrader_cli import make_course, run_nbgrader
from autograder.parts import PARTS

# Before the one-sandbox grader (commit 7d462ed, log replay not yet in), on this machine: 3.59 s wall, 2.61 s CPU.
# The log replay may make grading at most 1.5 times slower than that.
BEFORE_REPLAY_SECONDS = 3.59
# The grader before the time budget, the per-part limits and the hang detection (issue 22), and with them: both
# extracted from git, so that their difference is that machinery alone (later changes add other costs).
BEFORE_BUDGET_COMMIT = "0522501b900215a478090bed65971b1059897e1c"
WITH_BUDGET_COMMIT = "e5386aefebeee74b96aa17081848284df7fb7c1f"
# The grader before it measured the later numbers of the logs again (issue 21: the whole overfitting runs, the
# recorded parameters' accuracies): at most about 1 s of CPU more per submission.
BEFORE_LOG_PROOFS_COMMIT = "d157ceb7ad2f8da874fc4f620f9d81c698eed568"
# Run in a fresh interpreter in a grader's folder (this kit's, or an earlier commit's extracted from git): grade the
# answer key once, print its seconds, score and the seconds of each part's process as JSON.
TIMED_GRADING = """
import json, sys, time
from pathlib import Path
import resource
parts = {}
try:  # this kit: results.json says what each part's process took
    from autograder.grading.pipeline import grade
except ImportError:  # an earlier commit's grader: its sandbox's status files say it
    import autograder.grade as graded
    run_sandboxed = graded.run_sandboxed
    def timed(command, workdir, **kwargs):
        result = run_sandboxed(command, workdir, **kwargs)
        for status in Path(workdir, "out").glob("*/status.json"):
            parts[status.parent.name] = json.loads(status.read_text())["seconds"]
        return result
    graded.run_sandboxed = timed
    grade = graded.grade
def cpu():
    return sum(getattr(resource.getrusage(who), field) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for field in ("ru_utime", "ru_stime"))
start, cpu_start = time.perf_counter(), cpu()
results = grade(sys.argv[1])
processes = results.get("extra_data", {}).get("processes", {})
parts = parts or {name: process["seconds"] for name, process in processes.items()}
print(json.dumps({"seconds": time.perf_counter() - start, "cpu": cpu() - cpu_start, "score": results["score"],
                  "parts": parts}))
"""


def course_with_answer_key(root):
    """An nbgrader course with the assignment released and the answer key submitted by alice."""
    make_course(root)
    run_nbgrader("generate_assignment", "fc_nets", cwd=root, capture_output=True)
    shutil.copytree(SOLUTIONS, root / "submitted" / "alice" / "fc_nets", ignore=shutil.ignore_patterns("figures"))
    return root


def cpu_seconds():
    """CPU time of this process and of its finished subprocesses (the sandbox, nbgrader, kernels)."""
    return sum(getattr(resource.getrusage(who), field) for who in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)
               for field in ("ru_utime", "ru_stime"))


class SandboxTimes:
    """Within the block, records the wall time of the sandbox runs (autograder/grading/run_parts.py)."""

    def __enter__(self):
        self.sandbox = 0.0
        self.original = run_parts.run_sandboxed

        def timed(command, workdir, **kwargs):
            start = time.perf_counter()
            result = self.original(command, workdir, **kwargs)
            self.sandbox += time.perf_counter() - start
            return result

        run_parts.run_sandboxed = timed
        return self

    def __exit__(self, *exc):
        run_parts.run_sandboxed = self.original


def one_submission(rounds=3):
    """Medians over rounds on the answer key, runs alternating: the standalone grader's wall and CPU time and
    where it goes, and nbgrader autograde's wall time."""
    with tempfile.TemporaryDirectory() as tmp:
        course = course_with_answer_key(Path(tmp))
        runs = []
        for _ in range(rounds):
            with SandboxTimes() as times:
                start, cpu = time.perf_counter(), cpu_seconds()
                results = grade(course / "submitted" / "alice" / "fc_nets")
                wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu
            parts = {name: process["seconds"] for name, process in results["extra_data"]["processes"].items()}
            start = time.perf_counter()
            run_nbgrader("autograde", "fc_nets", "--force", "--student", "alice", cwd=course, capture_output=True)
            runs.append({"wall": wall, "cpu": cpu, "nbgrader": time.perf_counter() - start, "sandbox": times.sandbox,
                         "parts": sum(parts.values()),
                         "replays": sum(seconds for part, seconds in parts.items() if PARTS[part].replayed)})
    median = {key: statistics.median(run[key] for run in runs) for key in runs[0]}
    startup = median["sandbox"] - median["parts"]
    print(f"Grading the answer key (medians of {rounds}): python -m autograder grade {median['wall']:.2f} s wall, "
          f"{median['cpu']:.2f} s CPU; nbgrader autograde {median['nbgrader']:.1f} s")
    print(f"  standalone / nbgrader time: {median['wall'] / median['nbgrader']:.2f} (target: at most 0.33)")
    print(f"  standalone / before the log replay ({BEFORE_REPLAY_SECONDS} s): "
          f"{median['wall'] / BEFORE_REPLAY_SECONDS:.2f} (target: at most 1.5)")
    print(f"  sandbox {median['sandbox']:.2f} s: start-up {startup:.2f} s ({startup / median['wall']:.0%} of the "
          f"grading), the parts' processes {median['parts']:.2f} s, of which log replays {median['replays']:.2f} s; "
          f"intake, checks and report {median['wall'] - median['sandbox']:.2f} s")
    return median


def timed_grading(grader_root):
    """{seconds, score, parts} of one grading of the answer key by the grader in grader_root, in a fresh process."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    run = subprocess.run([sys.executable, "-c", TIMED_GRADING, str(SOLUTIONS)], cwd=grader_root, capture_output=True,
                         text=True, check=True, env={**env, **ONE_BLAS_THREAD})
    return json.loads(run.stdout.splitlines()[-1])


def extracted(commit, folder):
    """The grader of commit, extracted from git into folder (None where the commit is not in this checkout)."""
    try:
        archive = subprocess.run(["git", "archive", commit, "autograder", "source", "release"],
                                 cwd=REPO, capture_output=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        print(f"The grader of {commit[:7]} is not in this checkout's git: no comparison")
        return None
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder


def against(commit, rounds, new=None):
    """([runs of the grader here, or of commit new], [runs of the grader of commit]) on the answer key, alternating;
    None when a commit is not in this checkout's git."""
    with tempfile.TemporaryDirectory() as tmp:
        baseline = extracted(commit, Path(tmp) / "before")
        current = REPO if new is None else extracted(new, Path(tmp) / "after")
        if baseline is None or current is None:
            return None
        now, before = [], []
        for _ in range(rounds):
            now.append(timed_grading(current))
            before.append(timed_grading(baseline))
    return now, before


def budget_overhead(rounds=3):
    """The answer key's grading time with the time budget, the per-part time limits and the hang detection
    (WITH_BUDGET_COMMIT) against the grader before them (BEFORE_BUDGET_COMMIT), runs alternating; and each part's
    seconds with the grader here, from which their time limits come (the seconds of their specs)."""
    parts_now = [timed_grading(REPO) for _ in range(rounds)]
    runs = against(BEFORE_BUDGET_COMMIT, rounds, new=WITH_BUDGET_COMMIT)
    if runs is None:
        return None
    now, before = runs
    seconds, baseline_seconds = (statistics.median(run["seconds"] for run in runs) for runs in (now, before))
    print(f"Grading the answer key with the time budget and hang detection ({WITH_BUDGET_COMMIT[:7]}) vs before them "
          f"({BEFORE_BUDGET_COMMIT[:7]}), "
          f"medians of {rounds} alternating runs: {seconds:.2f} s vs {baseline_seconds:.2f} s: "
          f"{seconds / baseline_seconds:.2f}x (target: at most 1.05; scores {now[0]['score']:g} and "
          f"{before[0]['score']:g})")
    print("  each part's process on the answer key (largest of the runs), its time limit, and the seconds its spec "
          "records (autograder/parts/<part>/__init__.py):")
    for part in PARTS:
        measured = max(run["parts"].get(part, 0.0) for run in parts_now)
        print(f"    {part:24s} {measured:6.3f} s  limit {part_timeout(part):3d} s  (spec: "
              f"{PARTS[part].spec.seconds:.3f} s)")
    return seconds / baseline_seconds


def log_proofs_overhead(rounds=3):
    """The CPU time the grader spends proving the logs' later numbers (whole overfitting runs, the recorded
    parameters measured again): the answer key's grading against the grader of BEFORE_LOG_PROOFS_COMMIT."""
    runs = against(BEFORE_LOG_PROOFS_COMMIT, rounds)
    if runs is None:
        return None
    now, before = runs
    cpu, baseline_cpu = (statistics.median(run["cpu"] for run in runs) for runs in (now, before))
    log_parts = [part for part in PARTS if PARTS[part].replayed or PARTS[part].proved]
    parts, baseline_parts = (statistics.median(sum(run["parts"].get(part, 0.0) for part in log_parts) for run in runs)
                             for runs in (now, before))
    print(f"Proving every graded number of the logs vs replaying their first 5 iterations only "
          f"({BEFORE_LOG_PROOFS_COMMIT[:7]}), medians of {rounds} alternating runs on the answer key: {cpu:.2f} s vs "
          f"{baseline_cpu:.2f} s CPU per submission: {cpu - baseline_cpu:+.2f} s (target: at most +1 s); the log "
          f"parts' processes {parts:.2f} s vs {baseline_parts:.2f} s")
    return cpu - baseline_cpu


def per_notebook():
    """Seconds per notebook on the answer key: the standalone grader on the notebook's parts, and nbgrader
    autograde of that notebook alone."""
    with tempfile.TemporaryDirectory() as tmp:
        course = course_with_answer_key(Path(tmp))
        submission = course / "submitted" / "alice" / "fc_nets"
        for notebook in NOTEBOOKS:
            parts = [name for name, part in PARTS.items() if part.notebook + ".ipynb" == notebook]
            start = time.perf_counter()
            grade(submission, parts=parts)
            standalone = time.perf_counter() - start
            start = time.perf_counter()
            run_nbgrader("autograde", "fc_nets", "--force", "--student", "alice", "--notebook",
                         notebook.removesuffix(".ipynb"), cwd=course, capture_output=True)
            nbgrader = time.perf_counter() - start
            print(f"{notebook:26s} standalone {standalone:5.1f} s   nbgrader autograde --notebook {nbgrader:5.1f} s")
    print("  (nbgrader's time includes the standalone grading of the notebook's parts that its hook runs)")


def batch(n=50):
    """Throughput of grade-all on n submissions (the answer key and mutants) with 1 and 2 workers."""
    with tempfile.TemporaryDirectory() as tmp:
        submitted = Path(tmp) / "submitted"
        names = cycle(["solution"] + [m.name for m in mutants()])
        for i in range(n):
            name = next(names)
            dest = submitted / f"s{i:03d}-{name}" / "fc_nets"
            if name == "solution":
                shutil.copytree(SOLUTIONS, dest, ignore=shutil.ignore_patterns("figures"))
            else:
                make_mutant(SOLUTIONS, dest, name)
        result = {}
        for workers in (1, 2):
            start = time.perf_counter()
            records = grade_all(submitted, Path(tmp) / f"graded-{workers}", workers=workers, progress=False)
            seconds = time.perf_counter() - start
            result[workers] = (seconds, max(r["worker_peak_mb"] for r in records),
                               max(r["subprocess_peak_mb"] for r in records))
            print(f"Batch of {n} submissions with {workers} worker(s): {seconds:.0f} s, {seconds / n:.2f} s per "
                  f"submission, {n / seconds * 60:.1f} submissions/minute; peak memory per worker "
                  f"{result[workers][1]:.0f} MB, of its largest subprocess (the sandbox) {result[workers][2]:.0f} MB")
    print(f"  seconds per submission with 2 workers: {result[2][0] / n:.2f} (target: at most 3.6, 1,000 in an hour)")
    print(f"  throughput with 2 workers / 1 worker: {result[1][0] / result[2][0]:.2f} (target: at least 1.8)")
    return result
