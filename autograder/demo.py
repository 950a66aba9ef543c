"""The main job: the whole loop on the kit's CIFAR-10 subset.

1. release the assignment with plain `nbgrader generate_assignment` (+ leak check);
2. regenerate the answer key (solutions/) and the grader's references;
3. create three submissions under submitted/: the answer key, the untouched
   release and a buggy mutant;
4. grade them with `nbgrader autograde` and `nbgrader generate_feedback`, and
   with `python -m autograder grade` (graded/<student>/results.json);
5. print the score table and check that both paths agree on every part.
"""
import shutil
import sys
import time

from nbgrader.api import Gradebook

from .grade import grade, part_scores
from .layout import ASSIGNMENT, CIFAR10_SUBSET, COURSE_ID, REFERENCES, RELEASE, REPO, SOLUTIONS, SOURCE
from .leakcheck import find_leaks
from .mutants import make_mutant
from .nbgrader_cli import run_nbgrader
from .references import build_references
from .solutions import build_solutions
from .spec import NOTEBOOK_OF_PART, PARTS

DEMO_MUTANT = "drop_probability"
STUDENTS = {"demo-solution": "the answer key", "demo-release": "the untouched release",
            "demo-mutant": f"the answer key with the '{DEMO_MUTANT}' bug"}


def generate_release():
    """Run plain `nbgrader generate_assignment` (with its release hook) from the repo root."""
    print(f"$ nbgrader generate_assignment {ASSIGNMENT} --force")
    run_nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=REPO, capture_output=True)
    problems = find_leaks(SOURCE, RELEASE, reference_dir=REFERENCES)
    if problems:
        raise SystemExit("leak check failed:\n" + "\n".join(problems))
    print(f"[release] {RELEASE.relative_to(REPO)}: stubbed, independent leak check passed")


def create_submissions():
    for student in STUDENTS:
        for stage in ("submitted", "autograded", "feedback", "graded"):
            shutil.rmtree(REPO / stage / student, ignore_errors=True)
    submitted = REPO / "submitted"
    shutil.copytree(SOLUTIONS, submitted / "demo-solution" / ASSIGNMENT, ignore=shutil.ignore_patterns("figures"))
    shutil.copytree(RELEASE, submitted / "demo-release" / ASSIGNMENT)
    make_mutant(SOLUTIONS, submitted / "demo-mutant" / ASSIGNMENT, DEMO_MUTANT)
    for student, what in STUDENTS.items():
        print(f"[submitted] {student}: {what}")


def nbgrader_scores(student):
    with Gradebook(f"sqlite:///{REPO / 'gradebook.db'}", COURSE_ID) as gb:
        return {grade.name: grade.score for notebook in sorted(set(NOTEBOOK_OF_PART.values()))
                for grade in gb.find_submission_notebook(notebook, ASSIGNMENT, student).grades}


def main():
    generate_release()
    build_solutions()
    build_references(data_dir=CIFAR10_SUBSET)
    print()
    print(f"Student release:      {RELEASE.relative_to(REPO)}/")
    print(f"Solved notebooks:     {SOLUTIONS.relative_to(REPO)}/*.ipynb (executed on {CIFAR10_SUBSET.relative_to(REPO)})")
    for path in sorted((SOLUTIONS / "submission_logs").glob("*.npz")):
        print(f"Experiment log:       {path.relative_to(REPO)}")
    for path in sorted((SOLUTIONS / "figures").glob("*.png")):
        print(f"Plot:                 {path.relative_to(REPO)}")
    print()

    create_submissions()
    print(f"$ nbgrader autograde {ASSIGNMENT} --force --student 'demo-*'")
    start = time.monotonic()
    run_nbgrader("autograde", ASSIGNMENT, "--force", "--student", "demo-*", cwd=REPO, capture_output=True)
    nbgrader_seconds = time.monotonic() - start
    print(f"$ nbgrader generate_feedback {ASSIGNMENT} --force --student 'demo-*'")
    run_nbgrader("generate_feedback", ASSIGNMENT, "--force", "--student", "demo-*", cwd=REPO, capture_output=True)
    start = time.monotonic()
    standalone = {}
    for student in STUDENTS:
        out = REPO / "graded" / student / "results.json"
        standalone[student] = part_scores(grade(REPO / "submitted" / student / ASSIGNMENT, out=out))
    standalone_seconds = time.monotonic() - start

    # A row per graded part, a column per student: the score in nbgrader's gradebook / the maximum.
    in_gradebook = {student: nbgrader_scores(student) for student in STUDENTS}
    print()
    print(f"{'part':24s}" + "".join(f"{student:>16s}" for student in STUDENTS))
    for part in PARTS:
        print(f"{part:24s}" + "".join(f"{in_gradebook[student][part]:g}/{standalone[student][part][1]:g}".rjust(16)
                                      for student in STUDENTS))
    print(f"{'total':24s}" + "".join(f"{sum(in_gradebook[student].get(part, 0) for part in PARTS):>16g}"
                                     for student in STUDENTS))
    agree = {student: all(in_gradebook[student][part] == standalone[student][part][0] for part in PARTS)
             for student in STUDENTS}
    print(f"{'both paths':24s}" + "".join(f"{'agree' if agree[student] else 'DISAGREE':>16s}" for student in STUDENTS))
    disagreements = sum(not ok for ok in agree.values())
    print()
    print(f"nbgrader autograde: {nbgrader_seconds / len(STUDENTS):.1f} s per submission; "
          f"python -m autograder grade: {standalone_seconds / len(STUDENTS):.1f} s per submission")
    print("Inline answers: graded by hand in nbgrader (formgrader); listed as ungraded in results.json.")
    print("Gradebook:          gradebook.db")
    print("Feedback:           feedback/<student>/fc_nets/<notebook>.html (+ results.txt)")
    print("Standalone results: graded/<student>/results.json (+ results.txt)")
    if disagreements:
        print(f"ERROR: the two grading paths disagree for {disagreements} submission(s)", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
