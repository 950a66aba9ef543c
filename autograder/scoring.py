"""Run the hidden tests on one prepared submission: python -m autograder.scoring GRADING_DIR OUT_JSON.

(`python -m autograder.scoring --list OUT_JSON` lists the tests and their points instead.)

This process never imports student code: it reads the arrays the probes saved
and the student's logs, and judges them. Each test's result is recorded with
its part, points and the failure message meant for the student; pytest's own
tracebacks (which would show hidden test code) are never reported.
"""
import json
import sys
from pathlib import Path

import pytest

HIDDEN_TESTS = Path(__file__).resolve().parent / "hidden_tests"


class ResultCollector:
    def __init__(self):
        self.results = []

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = (yield).get_result()
        if report.when == "call" or (report.when == "setup" and report.failed):
            message = ""
            if report.failed:
                if call.excinfo.errisinstance(pytest.fail.Exception):
                    message = call.excinfo.value.msg
                else:  # a bug or an unforeseen output: no points, and the instructor should know
                    message = (f"the grader could not check this ({call.excinfo.typename}: {call.excinfo.value}); "
                               f"please tell your instructor")
            doc = (item.function.__doc__ or item.name).strip().splitlines()[0]
            self.results.append({
                "part": item.module.PART,
                "test": item.name,
                "title": doc,
                "points": float(item.get_closest_marker("points").args[0]),
                "passed": bool(report.passed),
                "message": message,
            })


class PointsListing:
    """Records {part: {test name: points}} at collection time."""

    def __init__(self):
        self.points = {}

    def pytest_collection_modifyitems(self, items):
        for item in items:
            self.points.setdefault(item.module.PART, {})[item.name] = float(item.get_closest_marker("points").args[0])


def collect_points():
    """{part: {test name: points}} of the hidden tests, listed by a separate pytest process."""
    import subprocess
    import tempfile

    from .layout import REPO

    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "points.json"
        subprocess.run([sys.executable, "-m", "autograder.scoring", "--list", str(out)], cwd=REPO, check=True,
                       capture_output=True)
        return json.loads(out.read_text())


def main(grading_dir, out_path):
    collector = ResultCollector()
    parts = json.loads((Path(grading_dir) / "manifest.json").read_text())["parts"]
    args = [*(str(HIDDEN_TESTS / f"test_{part}.py") for part in parts), "-c", str(HIDDEN_TESTS / "pytest.ini"),
            "-p", "no:terminal", f"--grading-dir={grading_dir}"]
    exit_code = pytest.main(args, plugins=[collector])
    if exit_code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise SystemExit(f"the hidden tests could not run (pytest exit code {exit_code})")
    Path(out_path).write_text(json.dumps(collector.results, indent=1))


def list_points(out_path):
    listing = PointsListing()
    pytest.main([str(HIDDEN_TESTS), "-c", str(HIDDEN_TESTS / "pytest.ini"), "--collect-only", "-p", "no:terminal"],
                plugins=[listing])
    Path(out_path).write_text(json.dumps(listing.points))


if __name__ == "__main__":
    if sys.argv[1] == "--list":
        list_points(sys.argv[2])
    else:
        main(*sys.argv[1:3])
