import sys

import pytest

from autograder.layout import CIFAR10_SUBSET, SOURCE
from autograder.nbgrader_cli import make_course, run_nbgrader

# The reference library (source/fc_nets/deeplearning) is what the library tests import.
sys.path.insert(0, str(SOURCE))


def rel_error(x, y):
    import numpy as np

    return np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y)))


@pytest.fixture
def course(tmp_path):
    return make_course(tmp_path / "course")


@pytest.fixture(scope="session")
def generated_release(tmp_path_factory):
    """Release generated from source/ by plain `nbgrader generate_assignment` in a fresh course."""
    root = make_course(tmp_path_factory.mktemp("release-course"))
    result = run_nbgrader("generate_assignment", "fc_nets", cwd=root, capture_output=True)
    return root / "release" / "fc_nets", result


@pytest.fixture(scope="session")
def subset_dir():
    assert (CIFAR10_SUBSET / "data_batch_1").is_file(), f"the kit's CIFAR-10 subset is missing at {CIFAR10_SUBSET}"
    return CIFAR10_SUBSET
