"""What a real course spends: the whole CIFAR-10 (the full-size stand-in, tests/full_size_cifar10.py) against the kit's
10% subset.

- the three notebooks as a student runs them (two BLAS threads on two cores), per notebook;
- the instructor's builds: `solutions --data` (one BLAS thread, as the kit runs notebooks) and `references --data`;
- grading the answer key, subset vs full scale, alternating: wall time, and each part's seconds and peak memory;
- grade-all's throughput on full-scale submissions with 2 workers;
- nbgrader autograde per submission at full scale, as the kit runs it (the grade cells only) and with every cell run
  again (rerun_notebooks), and what a course of 300 then costs;
- the Gradescope zip with the subset's and with full-size references.
"""
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from itertools import cycle
from pathlib import Path

from autograder.grading.pipeline import grade
from autograder.course.gradescope import build_gradescope_zip
from autograder.grading.grade_all import grade_all
from autograder.layout import CIFAR10_SUBSET, NOTEBOOKS, REFERENCES, RELEASE, REPO, SOLUTIONS
from autograder.course.variants import make_mutant, mutants
from autograder.course.nbgrader_cli import make_course, run_nbgrader
from autograder.parts import PARTS
from autograder.course.references import build_references
from autograder.course.solutions import build_solutions

sys.path.insert(0, str(REPO / "tests"))
import full_scale  # noqa: E402  (tests/full_scale.py: the full-scale answer key and references, cached)

TWO_THREADS = {"OPENBLAS_NUM_THREADS": "2", "OMP_NUM_THREADS": "2", "MKL_NUM_THREADS": "2"}
COURSE = 300  # students, for what nbgrader autograde costs a course


def timed_build(data_dir, out, kernel_env=None):
    """Build the answer key on data_dir into out; return ({notebook: seconds}, seconds in all)."""
    stamps = []
    start = time.perf_counter()
    build_solutions(out=out, data_dir=data_dir, kernel_env=kernel_env,
                    log=lambda message: stamps.append((time.perf_counter(), message)))
    times = [stamp for stamp, message in stamps if message.startswith("[solutions] executing")]
    times.append(next(stamp for stamp, message in stamps if message.startswith("[solutions] wrote")))
    return {name: after - before for name, before, after in zip(NOTEBOOKS, times, times[1:])}, \
        time.perf_counter() - start


def notebooks_and_builds():
    """Seconds per notebook as a student runs them, subset and full scale; the instructor's full-scale builds."""
    full_data, _ = full_scale.data()
    with tempfile.TemporaryDirectory() as tmp:
        student = {scale: timed_build(data, Path(tmp) / scale / "fc_nets", TWO_THREADS)[0]
                   for scale, data in (("subset", CIFAR10_SUBSET), ("full", full_data))}
        print("The notebooks as a student runs them (answer key, 2 BLAS threads on 2 cores): subset / full scale")
        for notebook in NOTEBOOKS:
            print(f"  {notebook:26s} {student['subset'][notebook]:6.1f} s / {student['full'][notebook]:6.1f} s")
        _, solutions = timed_build(full_data, Path(tmp) / "key" / "fc_nets")
        start = time.perf_counter()
        build_references(solutions=Path(tmp) / "key" / "fc_nets", data_dir=full_data, out=Path(tmp) / "references",
                         log=lambda _: None)
        references = time.perf_counter() - start
    print(f"Building at full scale: `solutions --data` {solutions:.0f} s (1 BLAS thread), `references --data` "
          f"{references:.0f} s")
    return student, solutions, references


def grading(rounds=3):
    """The answer key graded at the subset's and at full scale, alternating: medians of the wall time, and per part
    the largest seconds and peak resident memory of its process."""
    key, references = full_scale.answer_key_and_references()
    runs = {"subset": [], "full": []}
    for _ in range(rounds):
        for scale, (submission, folder) in (("subset", (SOLUTIONS, REFERENCES)), ("full", (key, references))):
            start = time.perf_counter()
            results = grade(submission, references=folder)
            assert results["score"] == sum(part.points for part in PARTS.values()), (scale, results["score"])
            runs[scale].append((time.perf_counter() - start, results["extra_data"]["processes"]))
    wall = {scale: statistics.median(seconds for seconds, _ in found) for scale, found in runs.items()}
    print(f"Grading the answer key (medians of {rounds} alternating runs): subset {wall['subset']:.2f} s, full scale "
          f"{wall['full']:.2f} s: {wall['full'] / wall['subset']:.2f}x (target: at most 1.25)")
    print("  each part's process, largest of the runs: seconds and peak resident memory, subset / full scale")
    peaks = {}
    for part in PARTS:
        seconds, memory = ({scale: max(processes[part][key] for _, processes in found) for scale, found in runs.items()}
                           for key in ("seconds", "peak_rss_mb"))
        peaks[part] = memory["full"]
        print(f"    {part:24s} {seconds['subset']:5.2f} / {seconds['full']:5.2f} s   "
              f"{memory['subset']:5.0f} / {memory['full']:5.0f} MB")
    print(f"  largest peak at full scale: {max(peaks.values()):.0f} MB (target: at most 300 MB; up to 147 MB of it can "
          f"be pages of the memory-mapped training images, shared by all parts)")
    return wall, peaks


def batch(n=20):
    """grade-all on n full-scale submissions (the answer key and mutants) with 2 workers."""
    key, references = full_scale.answer_key_and_references()
    names = cycle(["solution"] + [m.name for m in mutants()])
    with tempfile.TemporaryDirectory() as tmp:
        submitted = Path(tmp) / "submitted"
        for i in range(n):
            name = next(names)
            dest = submitted / f"s{i:03d}-{name}" / "fc_nets"
            if name == "solution":
                shutil.copytree(key, dest, ignore=shutil.ignore_patterns("figures"))
            else:
                make_mutant(key, dest, name)
        before = os.environ.get("FC_NETS_REFERENCES")
        os.environ["FC_NETS_REFERENCES"] = str(references)  # for the workers, fresh interpreters
        try:
            start = time.perf_counter()
            grade_all(submitted, Path(tmp) / "graded", workers=2, progress=False)
            seconds = time.perf_counter() - start
        finally:
            os.environ.pop("FC_NETS_REFERENCES") if before is None else os.environ.update(FC_NETS_REFERENCES=before)
    per = seconds / n
    print(f"grade-all of {n} full-scale submissions with 2 workers: {per:.2f} s per submission: 1,000 in "
          f"{1000 * per / 60:.0f} minutes (target: within an hour)")
    return per


def nbgrader(students=3):
    """nbgrader autograde per submission at full scale: as the kit runs it (the grade cells only), and with every cell
    of the notebooks run again (c.SandboxedExecute.rerun_notebooks = True)."""
    key, references = full_scale.answer_key_and_references()
    data, _ = full_scale.data()
    env = {**os.environ, "FC_NETS_REFERENCES": str(references), "FC_NETS_CIFAR10_DIR": str(data),
           "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}  # nbgrader runs alembic
    result = {}
    with tempfile.TemporaryDirectory() as tmp:
        for mode, count in (("grade cells", students), ("every cell", 1)):
            course = make_course(Path(tmp) / mode.replace(" ", "_"))
            if mode == "every cell":
                with open(course / "nbgrader_config.py", "a") as f:
                    f.write("\nc.SandboxedExecute.rerun_notebooks = True\n")
            run_nbgrader("generate_assignment", "fc_nets", cwd=course, capture_output=True)
            for i, name in zip(range(count), cycle(["solution", "release", "drop_probability"])):
                dest = course / "submitted" / f"s{i}" / "fc_nets"
                if name == "solution":
                    shutil.copytree(key, dest, ignore=shutil.ignore_patterns("figures"))
                elif name == "release":
                    shutil.copytree(RELEASE, dest)
                else:
                    make_mutant(key, dest, name)
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "nbgrader", "autograde", "fc_nets"], cwd=course, env=env,
                           capture_output=True, check=True)
            result[mode] = (time.perf_counter() - start) / count
    print(f"nbgrader autograde at full scale, per submission: {result['grade cells']:.0f} s as the kit runs it (the "
          f"grade cells only), {result['every cell']:.0f} s with every cell run again (rerun_notebooks)")
    print(f"  a course of {COURSE}: {COURSE * result['grade cells'] / 60:.0f} minutes vs "
          f"{COURSE * result['every cell'] / 3600:.1f} hours")
    return result


def zips():
    _, references = full_scale.answer_key_and_references()
    with tempfile.TemporaryDirectory() as tmp:
        sizes = {scale: build_gradescope_zip(Path(tmp) / f"{scale}.zip", references=folder).stat().st_size / 1e6
                 for scale, folder in (("subset", REFERENCES), ("full", references))}
    print(f"Gradescope zip: {sizes['subset']:.1f} MB with the subset's references (training images inside), "
          f"{sizes['full']:.1f} MB at full scale (setup.sh downloads CIFAR-10 and derives the 147 MB of images)")
    return sizes


def main(quick=False):
    if not quick:
        notebooks_and_builds()
    grading(rounds=1 if quick else 3)
    batch(n=6 if quick else 20)
    nbgrader(students=1 if quick else 3)
    zips()
