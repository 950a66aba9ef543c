"""Run the hidden checks on one prepared submission: python -m autograder.scoring GRADING_DIR OUT_JSON

This process never imports student code: it reads the arrays the probes saved
and the student's logs, and judges them with the checks of the parts listed in
GRADING_DIR/manifest.json (autograder/parts/<part>/checks.py, run by pytest). Each
check's result is recorded with its part, title, points and the failure message
meant for the student; pytest's own tracebacks (which would show hidden code) are
never reported.
"""
import json
import sys
from pathlib import Path

import pytest

from .parts import HERE as PARTS_FOLDER, PARTS
from .report import internal_error


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
                    message = internal_error(f"the grader could not check this ({call.excinfo.typename}: "
                                             f"{call.excinfo.value})")
            part = PARTS[item.module.__name__.split(".")[-2]]  # autograder.parts.<part>.checks
            title, points = part.checks[item.name]
            self.results.append({"part": part.name, "check": title, "points": points, "passed": bool(report.passed),
                                 "message": message})


def main(grading_dir, out_path):
    collector = ResultCollector()
    parts = json.loads((Path(grading_dir) / "manifest.json").read_text())["parts"]
    args = [*(str(PARTS[part].checks_file) for part in parts), "-c", str(PARTS_FOLDER / "pytest.ini"),
            "-p", "no:terminal", f"--grading-dir={grading_dir}"]
    exit_code = pytest.main(args, plugins=[collector])
    if exit_code not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        raise SystemExit(f"the hidden checks could not run (pytest exit code {exit_code})")
    Path(out_path).write_text(json.dumps(collector.results, indent=1))


if __name__ == "__main__":
    main(*sys.argv[1:3])
