"""Grading speed: one submission standalone against nbgrader autograde, and batches with 1 and 2 workers."""
import shutil
import statistics
import tempfile
import time
from itertools import cycle
from pathlib import Path

from autograder.grade import grade, run_part
from autograder.grade_all import grade_all
from autograder.intake import assemble_package
from autograder.layout import NOTEBOOKS, REFERENCES, SOLUTIONS
from autograder.mutants import all_mutants, make_mutant
from autograder.nbgrader_cli import make_course, run_nbgrader
from autograder.parts import PARTS
from autograder.references import load_experiment_data


def course_with_answer_key(root):
    """An nbgrader course with the assignment released and the answer key submitted by alice."""
    make_course(root)
    run_nbgrader("generate_assignment", "fc_nets", cwd=root, capture_output=True)
    shutil.copytree(SOLUTIONS, root / "submitted" / "alice" / "fc_nets", ignore=shutil.ignore_patterns("figures"))
    return root


def one_submission(rounds=3):
    """Median seconds of both paths on the answer key, runs alternating."""
    with tempfile.TemporaryDirectory() as tmp:
        course = course_with_answer_key(Path(tmp))
        times = {"standalone": [], "nbgrader": []}
        for _ in range(rounds):
            start = time.perf_counter()
            grade(course / "submitted" / "alice" / "fc_nets")
            times["standalone"].append(time.perf_counter() - start)
            start = time.perf_counter()
            run_nbgrader("autograde", "fc_nets", "--force", "--student", "alice", cwd=course, capture_output=True)
            times["nbgrader"].append(time.perf_counter() - start)
    standalone, nbgrader = statistics.median(times["standalone"]), statistics.median(times["nbgrader"])
    print(f"Grading the answer key: python -m autograder grade {standalone:.1f} s, nbgrader autograde {nbgrader:.1f} s "
          f"(medians of {rounds})")
    print(f"  standalone / nbgrader time: {standalone / nbgrader:.2f} (target: at most 0.33)")
    return standalone, nbgrader


def per_notebook():
    """Seconds per notebook on the answer key: nbgrader autograde of that notebook alone, and the
    standalone grader's sandboxed runs of the notebook's parts (log-only parts run no student code)."""
    with tempfile.TemporaryDirectory() as tmp:
        course = course_with_answer_key(Path(tmp))
        submission = course / "submitted" / "alice" / "fc_nets"
        package = assemble_package(submission, Path(tmp) / "package", [])
        experiment_data = load_experiment_data(REFERENCES)
        for notebook in NOTEBOOKS:
            start = time.perf_counter()
            for part in PARTS.values():
                if part.notebook + ".ipynb" == notebook and part.probes_file:
                    run_part(part, package, Path(tmp) / "private", 0, 120, 2048, experiment_data)
            standalone = time.perf_counter() - start
            start = time.perf_counter()
            run_nbgrader("autograde", "fc_nets", "--force", "--student", "alice", "--notebook",
                         notebook.removesuffix(".ipynb"), cwd=course, capture_output=True)
            nbgrader = time.perf_counter() - start
            print(f"{notebook:26s} standalone parts {standalone:5.1f} s   nbgrader autograde --notebook {nbgrader:5.1f} s")
    print("  (nbgrader's time includes the standalone grading of the whole submission its hook runs first)")


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
            print(f"Batch of {n} submissions with {workers} worker(s): {seconds:.0f} s, {n / seconds * 60:.1f} "
                  f"submissions/minute; peak memory per worker {result[workers][1]:.0f} MB, of its largest "
                  f"subprocess (sandboxed student code or scoring) {result[workers][2]:.0f} MB")
    print(f"  throughput with 2 workers / 1 worker: {result[1][0] / result[2][0]:.2f} (target: at least 1.8)")
    return result
