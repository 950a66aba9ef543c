"""Grading speed: one submission (wall, CPU, where the time goes) against nbgrader autograde, and grade-all batches."""
import json
import resource
import shutil
import statistics
import tempfile
import time
from itertools import cycle
from pathlib import Path

import autograder.grade
from autograder.grade import grade
from autograder.grade_all import grade_all
from autograder.layout import NOTEBOOKS, SOLUTIONS
from autograder.mutants import all_mutants, make_mutant
from autograder.nbgrader_cli import make_course, run_nbgrader
from autograder.parts import PARTS

# Before the one-sandbox grader (commit 7d462ed, log replay not yet in), on this machine: 3.59 s wall, 2.61 s CPU.
# The log replay may make grading at most 1.5 times slower than that.
BEFORE_REPLAY_SECONDS = 3.59


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
    """Within the block, records the wall time of each sandbox run and the seconds each part's process took."""

    def __enter__(self):
        self.sandbox, self.parts = 0.0, {}
        self.original = autograder.grade.run_sandboxed

        def timed(command, workdir, **kwargs):
            start = time.perf_counter()
            result = self.original(command, workdir, **kwargs)
            self.sandbox += time.perf_counter() - start
            for status in Path(workdir, "out").glob("*/status.json"):
                self.parts[status.parent.name] = json.loads(status.read_text())["seconds"]
            return result

        autograder.grade.run_sandboxed = timed
        return self

    def __exit__(self, *exc):
        autograder.grade.run_sandboxed = self.original


def one_submission(rounds=3):
    """Medians over rounds on the answer key, runs alternating: the standalone grader's wall and CPU time and
    where it goes, and nbgrader autograde's wall time."""
    with tempfile.TemporaryDirectory() as tmp:
        course = course_with_answer_key(Path(tmp))
        runs = []
        for _ in range(rounds):
            with SandboxTimes() as times:
                start, cpu = time.perf_counter(), cpu_seconds()
                grade(course / "submitted" / "alice" / "fc_nets")
                wall, cpu = time.perf_counter() - start, cpu_seconds() - cpu
            start = time.perf_counter()
            run_nbgrader("autograde", "fc_nets", "--force", "--student", "alice", cwd=course, capture_output=True)
            runs.append({"wall": wall, "cpu": cpu, "nbgrader": time.perf_counter() - start, "sandbox": times.sandbox,
                         "parts": sum(times.parts.values()),
                         "replays": sum(seconds for part, seconds in times.parts.items() if PARTS[part].replayed)})
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
        names = cycle(["solution"] + [m.name for m in all_mutants()])
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
