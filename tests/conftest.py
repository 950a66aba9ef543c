"""Fixtures shared by the test suite.

The suite runs on pytest-xdist workers (`-n auto --dist loadgroup` in pyproject.toml).
Each expensive thing happens once per run, in a session fixture, and the tests
that use it share an xdist group so that they run in the worker that holds it.
"""
import os
import shutil
import sys

# Before numpy is imported anywhere: one BLAS thread per test worker, as for every
# process the kit runs (two workers with two OpenBLAS threads each on two cores collapse).
from autograder.layout import ONE_BLAS_THREAD  # noqa: E402  (imports no numpy)

os.environ.update(ONE_BLAS_THREAD)

import nbformat  # noqa: E402
import pytest  # noqa: E402

from autograder.layout import CIFAR10_SUBSET, REFERENCES, RELEASE, SOLUTIONS, SOURCE  # noqa: E402
from autograder.course.variants import make_mutant  # noqa: E402
from autograder.course.nbgrader_cli import make_course, run_nbgrader  # noqa: E402
from autograder.parts import HERE as PARTS_FOLDER, PARTS  # noqa: E402

# The points of the whole assignment (the written answers aside), from the parts' checks.
TOTAL = sum(part.points for part in PARTS.values())

# The reference library (source/fc_nets/deeplearning) is what the library tests import.
sys.path.insert(0, str(SOURCE))

# The answer key whose notebook pokes at the course and then kills its kernel.
HOSTILE_CELL = '''
import sqlite3
import warnings
warnings.warn("a harmless warning", RuntimeWarning)
for path in ["../../../source/fc_nets/deeplearning/layers.py", "../../../gradebook.db", {reference!r}]:
    try:
        print(path, open(path, "rb").read(80))
    except OSError as exc:
        print(path, "->", type(exc).__name__)
try:
    db = sqlite3.connect("../../../gradebook.db")
    db.execute("UPDATE grade SET manual_score = 99")
    db.commit()
    print("GRADEBOOK WRITTEN")
except Exception as exc:
    print("gradebook ->", type(exc).__name__)
'''


@pytest.fixture(scope="session")
def hidden_code_lines():
    """Every line of the grader's parts (checks, probes, helpers; not the public checks students have) long enough
    to be recognized in feedback."""
    return {line.strip() for path in PARTS_FOLDER.rglob("*.py") if path.name != "public.py"
            for line in path.read_text().splitlines() if len(line.strip()) > 25}


@pytest.fixture
def course(tmp_path):
    return make_course(tmp_path / "course")


@pytest.fixture(scope="session")
def subset_dir():
    assert (CIFAR10_SUBSET / "data_batch_1").is_file(), f"the kit's CIFAR-10 subset is missing at {CIFAR10_SUBSET}"
    return CIFAR10_SUBSET


@pytest.fixture(scope="session")
def released_course(tmp_path_factory):
    """A fresh course released by plain `nbgrader generate_assignment`: (course folder, the command's result).

    Shared by the release tests and the autograde tests (xdist group "nbgrader"); they must not change it.
    """
    root = make_course(tmp_path_factory.mktemp("course"))
    result = run_nbgrader("generate_assignment", "fc_nets", cwd=root, check=False, capture_output=True)
    return root, result


@pytest.fixture(scope="session")
def generated_release(released_course):
    root, result = released_course
    return root / "release" / "fc_nets", result


def hostile_submission(dest):
    shutil.copytree(SOLUTIONS, dest, ignore=shutil.ignore_patterns("figures"))
    nb = nbformat.read(dest / "Dropout.ipynb", as_version=4)
    ids = [cell.id for cell in nb.cells]
    nb.cells.insert(ids.index("imports") + 1, nbformat.v4.new_code_cell(
        HOSTILE_CELL.format(reference=str(REFERENCES / "dropout_regularization_keep1.npz"))))
    nb.cells.insert(ids.index("regularization-plots") + 2, nbformat.v4.new_code_cell("import os\nos._exit(1)"))
    nbformat.write(nb, dest / "Dropout.ipynb")


def editor_variant_submission(dest, transform):
    """The answer key's package, logs and Dropout.ipynb as an editor rewrote it (the only notebook submitted)."""
    import json

    shutil.copytree(SOLUTIONS, dest, ignore=shutil.ignore_patterns("figures", "FullyConnectedNets.ipynb",
                                                                   "BatchNormalization.ipynb"))
    path = dest / "Dropout.ipynb"
    path.write_text(json.dumps(transform(json.loads(path.read_text()))))


@pytest.fixture(scope="session")
def rerun_course(tmp_path_factory):
    """A course configured to run every cell of the submitted notebooks again (c.SandboxedExecute.rerun_notebooks,
    as plain nbgrader does), after one `nbgrader autograde` of dave, whose answer key's Dropout.ipynb (the only
    notebook he submits) pokes at the course and then kills its kernel. Returns (course folder, autograde's result)."""
    root = make_course(tmp_path_factory.mktemp("rerun_course"))
    with open(root / "nbgrader_config.py", "a") as f:
        f.write("\nc.SandboxedExecute.rerun_notebooks = True\n")
    run_nbgrader("generate_assignment", "fc_nets", cwd=root, capture_output=True)
    dave = root / "submitted" / "dave" / "fc_nets"
    hostile_submission(dave)
    for notebook in ("FullyConnectedNets.ipynb", "BatchNormalization.ipynb"):
        (dave / notebook).unlink()
    return root, run_nbgrader("autograde", "fc_nets", cwd=root, check=False, capture_output=True)


@pytest.fixture(scope="session")
def autograded_course(released_course):
    """The course after one real `nbgrader autograde` and `generate_feedback` of every demo student.

    alice: the answer key; bob: the untouched release; carol: the drop_probability mutant;
    dave: the answer key with a hostile notebook (whose cells the kit does not run: only the grade cells run); and
    one student per editor variant, who submits only Dropout.ipynb.
    Returns (course folder, autograde's result, generate_feedback's result).
    """
    from editor_variants import VARIANTS

    root, released = released_course
    assert released.returncode == 0, released.stderr[-3000:]
    submitted = root / "submitted"
    shutil.copytree(SOLUTIONS, submitted / "alice" / "fc_nets", ignore=shutil.ignore_patterns("figures"))
    shutil.copytree(RELEASE, submitted / "bob" / "fc_nets")
    make_mutant(SOLUTIONS, submitted / "carol" / "fc_nets", "drop_probability")
    hostile_submission(submitted / "dave" / "fc_nets")
    for variant, (transform, _) in VARIANTS.items():
        editor_variant_submission(submitted / variant / "fc_nets", transform)
    autograde = run_nbgrader("autograde", "fc_nets", cwd=root, check=False, capture_output=True)
    feedback = run_nbgrader("generate_feedback", "fc_nets", cwd=root, check=False, capture_output=True)
    return root, autograde, feedback
