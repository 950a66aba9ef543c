"""Run the hidden checks on one prepared submission, in the grader's process (which never imports student code).

The checks of the parts listed in GRADING_DIR/manifest.json (autograder/parts/<part>/checks.py)
run under pytest: they read the arrays the probes saved and the student's logs. Each
check's result is recorded with its part, title, points and the failure message meant
for the student; pytest's own tracebacks (which would show hidden code) are never reported.
"""
import json
from pathlib import Path

import pytest

from ..parts import HERE as PARTS_FOLDER, PARTS
from ..parts.checking import GRADER_FAULT, grader_fault


class ResultCollector:
    def __init__(self):
        self.results = []

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        report = (yield).get_result()
        if report.when == "call" or (report.when == "setup" and report.failed):
            message, mistake = "", None
            part = PARTS[item.module.__name__.split(".")[-2]]  # autograder.parts.<part>.checks
            if report.failed:
                if call.excinfo.errisinstance(pytest.fail.Exception):
                    message, mistake = call.excinfo.value.msg, getattr(call.excinfo.value, "mistake", None)
                else:  # a bug or an unforeseen output: no points, and the instructor should know
                    message = grader_fault(f"the grader's check failed ({call.excinfo.typename}: "
                                           f"{str(call.excinfo.value)[:300]})")
                    mistake = GRADER_FAULT
                mistake = mistake_id(part.name, item.name, mistake)
            title, points = part.checks[item.name]
            self.results.append({"part": part.name, "check": title, "points": points, "passed": bool(report.passed),
                                 "message": message, "mistake": mistake})


def mistake_id(part, check_function, mistake):
    """"<part>/<mistake>" for a named mistake; "<part>/<check>/other" for a failure no diagnosis names."""
    return f"{part}/{mistake}" if mistake else f"{part}/{check_function.removeprefix('test_')}/other"


def score(grading_dir):
    """[{part, check, points, passed, message}] for every check of the parts in the manifest, or None if pytest
    could not run them."""
    collector = ResultCollector()
    parts = json.loads((Path(grading_dir) / "manifest.json").read_text())["parts"]
    args = [*(str(PARTS[part].checks_file) for part in parts), "-c", str(PARTS_FOLDER / "pytest.ini"),
            "-p", "no:terminal", f"--grading-dir={grading_dir}"]
    exit_code = pytest.main(args, plugins=[collector])
    return collector.results if exit_code in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED) else None
