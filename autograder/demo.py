"""The main job: release the assignment and run the answer key on the real CIFAR-10 subset."""
import sys

from .layout import ASSIGNMENT, CIFAR10_SUBSET, REFERENCES, REPO, RELEASE, SOLUTIONS, SOURCE
from .leakcheck import find_leaks
from .nbgrader_cli import run_nbgrader
from .solutions import build_solutions


def generate_release():
    """Run plain `nbgrader generate_assignment` (with its release hook) from the repo root."""
    print(f"$ nbgrader generate_assignment {ASSIGNMENT} --force")
    run_nbgrader("generate_assignment", ASSIGNMENT, "--force", cwd=REPO)
    problems = find_leaks(SOURCE, RELEASE, reference_dir=REFERENCES)
    if problems:
        raise SystemExit("leak check failed:\n" + "\n".join(problems))
    print(f"[release] {RELEASE.relative_to(REPO)}: independent leak check passed")


def main():
    generate_release()
    build_solutions()
    print()
    print(f"Student release:      {RELEASE.relative_to(REPO)}/")
    print(f"Solved notebooks:     {SOLUTIONS.relative_to(REPO)}/*.ipynb (executed on {CIFAR10_SUBSET.relative_to(REPO)})")
    for path in sorted((SOLUTIONS / "submission_logs").glob("*.npz")):
        print(f"Experiment log:       {path.relative_to(REPO)}")
    for path in sorted((SOLUTIONS / "figures").glob("*.png")):
        print(f"Plot:                 {path.relative_to(REPO)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
