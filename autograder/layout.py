"""Where things live in the kit: source -> release -> submission -> grade."""
import importlib
import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ASSIGNMENT = "fc_nets"
COURSE_ID = "fc_nets_course"
PACKAGE = "deeplearning"

SOURCE = REPO / "source" / ASSIGNMENT
RELEASE = REPO / "release" / ASSIGNMENT
SOLUTIONS = REPO / "solutions" / ASSIGNMENT
# The grader's references (autograder/course/references.py builds them: the reference runs' logs and its copy of the experiments' data;
# never released). The kit commits them for its CIFAR-10 subset; a course at full scale may keep its own elsewhere and
# point FC_NETS_REFERENCES at them (their training images take 147 MB).
REFERENCES = Path(os.environ.get("FC_NETS_REFERENCES", REPO / "autograder" / "references"))
# The grader's copy of the experiments' data in the references: the labels, the validation images, the mean image and
# the training images' SHA-256 (DATA_FILE), and the training images themselves, memory-mapped (IMAGES_FILE).
DATA_FILE, IMAGES_FILE = "experiment_data.npz", "experiment_images_train.npy"

# The real CIFAR-10 subset shipped with the kit (5,170 training, 1,017 test images).
CIFAR10_SUBSET = REPO / "datasets" / "cifar-10-subset" / "cifar-10-batches-py"


def grading_dataset():
    """The CIFAR-10 folder nbgrader's re-execution of submitted notebooks reads.

    Set FC_NETS_CIFAR10_DIR to the full data set in a real course; the default is the
    kit's subset.
    """
    return Path(os.environ.get("FC_NETS_CIFAR10_DIR", CIFAR10_SUBSET)).resolve()


# Where an assignment folder keeps its copy of CIFAR-10.
CIFAR10_IN_ASSIGNMENT = Path(PACKAGE) / "datasets" / "cifar-10-batches-py"

NOTEBOOKS = ["FullyConnectedNets.ipynb", "BatchNormalization.ipynb", "Dropout.ipynb"]

# The package files students edit; every other file is graded in its released form.
STUDENT_FILES = ["deeplearning/layers.py", "deeplearning/classifiers/fc_net.py", "deeplearning/optim.py"]

# The memory limit of student code in each graded part (the command line can change it; autograder.grading.limits lowers it
# to what the machine has, and holds the time limits).
DEFAULT_MEMORY_MB = 2048

# Environment for processes that run numpy: one BLAS thread. Parallel gradings then do not
# fight over the cores, and float32 products round the same way on every run.
ONE_BLAS_THREAD = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}

# What never goes from source/ into a release or a solutions folder: data, experiment
# outputs, caches and databases that appear when someone runs the source notebook.
# nbgrader_config.py hands this list to nbgrader as CourseDirectory.ignore.
NOT_DISTRIBUTED = [
    ".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
    "cifar-10-batches-py", "*.tar.gz", ".cifar10-install-*",
    "submission_logs", "figures", "*.npz", "gradebook.db",
]

# What never goes from a student's assignment folder into the exchange and the course: nbgrader's defaults
# and the CIFAR-10 copy deeplearning/datasets/get_datasets.py installs there. The logs and figures are
# graded and go. Students' `nbgrader submit` reads it from jupyterhub/nbgrader_config.py (which cannot
# import the kit: it holds the same list), the instructor's `nbgrader collect` from here.
NOT_SUBMITTED = [
    ".ipynb_checkpoints", "*.pyc", "__pycache__", "feedback",
    "cifar-10-batches-py", "*.tar.gz", ".cifar10-install-*",
]

# nbgrader's solution and hidden-test delimiters (ClearSolutions / ClearHiddenTests defaults).
BEGIN_SOLUTION, END_SOLUTION = "### BEGIN SOLUTION", "### END SOLUTION"
BEGIN_HIDDEN, END_HIDDEN = "### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"


def reference_module(name, assignment=SOURCE):
    """A module of the reference package (the solution), e.g. reference_module("data_utils"); only the grader's own
    processes import it, never a sandbox."""
    if str(assignment) not in sys.path:
        sys.path.insert(0, str(assignment))
    return importlib.import_module(f"deeplearning.{name}")
