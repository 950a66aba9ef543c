"""The nbgrader hook that makes `nbgrader generate_assignment fc_nets` safe to hand out.

nbgrader clears solutions in notebooks but copies the package's .py files
verbatim, and it only logs a failing hook at INFO level and still exits 0. So
this hook stubs the .py files, runs the independent leak check, and on any
problem deletes the release and exits non-zero with the reason on stderr.
"""
import shutil
import sys
from pathlib import Path

from .leakcheck import find_leaks
from .stubs import stub_package


def post_convert_hook(assignment, student, notebooks, root=None):
    """GenerateAssignment.post_convert_hook; nbgrader runs it from the course root."""
    root = Path.cwd() if root is None else Path(root)
    release = root / "release" / assignment
    source = root / "source" / assignment
    try:
        report = stub_package(release)
        problems = find_leaks(source, release, reference_dir=root / "autograder" / "references")
    except Exception as exc:  # any failure must stop the release, not be logged and ignored
        problems = [f"the release hook failed: {exc!r}"]
        report = {}
    if problems:
        shutil.rmtree(release, ignore_errors=True)
        print(f"\nRELEASE REFUSED: {release} was deleted because:", file=sys.stderr)
        for problem in problems:
            print(f"  - {problem}", file=sys.stderr)
        raise SystemExit(1)
    for relpath, regions in report.items():
        print(f"[release] stubbed {regions} solution region(s) in {relpath}")
    print(f"[release] leak check passed for {release}")
