"""Fixtures of the hidden checks (autograder.grading.scoring runs them with pytest)."""
import pytest

from autograder.parts.checking import CheckFailed, Grading, fail, reference_package


def pytest_addoption(parser):
    parser.addoption("--grading-dir", help="folder prepared by autograder.grading.pipeline for the scoring run")


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item):
    """A shared diagnosis (a part's public.py, deeplearning/self_check/ for students) fails a check just as fail() does."""
    try:
        return (yield)
    except CheckFailed as exc:
        fail(str(exc), getattr(exc, "mistake", None))


def pytest_configure(config):
    config.addinivalue_line("markers", "points(n): points the check is worth")


@pytest.fixture(scope="session")
def grading(request):
    return Grading(request.config.getoption("--grading-dir"))


@pytest.fixture(scope="session")
def reference(grading):
    """The reference package (the solution), imported in this trusted process (after grading put it on the path)."""
    return reference_package()
