"""Independent check that a student release holds no solution, hidden test or grader data.

It does not trust the release pipeline: it compares the released files with the
source directly. A line counts as secret when it stands inside a solution or
hidden-test region somewhere in the source and nowhere outside such a region;
no secret line may appear in the release. Nor may any line of the hidden checks
and probes (autograder/parts/; imports and short lines aside): the students'
public checks (deeplearning/self_check/) share diagnoses with them by being
called, never by copying. It also refuses files that never
belong in a release (grader code, logs, data, databases, caches, PDFs), notebooks
with outputs, the delimiters themselves, and any float of a reference log.
"""
import fnmatch
import json
from pathlib import Path

import numpy as np

from ..layout import BEGIN_HIDDEN, BEGIN_SOLUTION, END_HIDDEN, END_SOLUTION

FORBIDDEN_NAMES = [
    "autograder", "*.npz", "*.npy", "*.pkl", "*.tar.gz", "*.zip", "cifar-10-batches-py",
    "submission_logs", "figures", "gradebook.db", "*.db", "__pycache__", "*.pyc", ".ipynb_checkpoints",
    "*.pdf",  # written_answers.py run in source/ writes the answer key's written answers
]
DELIMITERS = ["BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN MARK SCHEME"]
TEXT_SUFFIXES = {".py", ".ipynb", ".md", ".txt", ".sh", ".json", ".cfg", ".toml", ".yml", ".yaml", ".html"}


def _texts(path, mark_whole_solutions=False):
    """The pieces of text in a file: a notebook's cell sources, or the whole file.

    With mark_whole_solutions, a solution cell without delimiters (a written answer,
    which nbgrader replaces as a whole) is returned wrapped in delimiters.
    """
    if path.suffix != ".ipynb":
        return [path.read_text(errors="replace")]
    texts = []
    for cell in json.loads(path.read_text()).get("cells", []):
        text = "".join(cell.get("source", ""))
        is_solution = cell.get("metadata", {}).get("nbgrader", {}).get("solution", False)
        if mark_whole_solutions and is_solution and BEGIN_SOLUTION not in text:
            text = f"{BEGIN_SOLUTION}\n{text}\n{END_SOLUTION}"
        texts.append(text)
    return texts


def _normalized(line):
    return " ".join(line.split())


def source_lines(source_dir, skip=None):
    """(the lines inside solution or hidden-test regions of the source, the lines outside them), normalized
    (skip: a folder of the source to leave out)."""
    inside, outside = set(), set()
    for path in sorted(Path(source_dir).rglob("*")):
        if not path.is_file() or path.suffix not in {".py", ".ipynb"} or (skip and skip in path.parents):
            continue
        for text in _texts(path, mark_whole_solutions=True):
            depth = 0
            for line in text.split("\n"):
                if BEGIN_SOLUTION in line or BEGIN_HIDDEN in line:
                    depth += 1
                elif END_SOLUTION in line or END_HIDDEN in line:
                    depth -= 1
                elif _normalized(line):
                    (inside if depth > 0 else outside).add(_normalized(line))
    return inside, outside


def secret_lines(source_dir):
    """Lines inside solution or hidden-test regions of the source that appear nowhere else."""
    inside, outside = source_lines(source_dir)
    return inside - outside


HIDDEN_CHECKS = Path(__file__).resolve().parent.parent / "parts"
PUBLIC_CHECKS = "deeplearning/self_check"
PUBLIC_FILE = "public.py"  # a part's public checks, which the release holds (as PUBLIC_CHECKS/<part>.py)


def hidden_check_lines(source_dir, parts_dir=HIDDEN_CHECKS):
    """The lines of the hidden checks and probes (long enough, not imports) that the released code and notebooks of
    the source, the public checks left out, do not hold anyway (their lines outside solution regions): a probe may
    repeat a notebook's check; the public checks repeat nothing of the hidden ones."""
    _, released = source_lines(source_dir, skip=Path(source_dir) / PUBLIC_CHECKS)
    return {_normalized(line) for path in sorted(Path(parts_dir).rglob("*.py")) if path.name != PUBLIC_FILE
            for line in path.read_text().splitlines()
            if len(line.strip()) > 25 and not line.strip().startswith(("from ", "import ", "#"))} - released


def reference_floats(reference_dir):
    """repr() of every float in the reference logs: none may be printed in a release."""
    floats = set()
    for path in sorted(Path(reference_dir).glob("**/*.npz")) if reference_dir else []:
        with np.load(path, allow_pickle=False) as npz:
            for key in npz.files:
                if npz[key].dtype.kind == "f":
                    floats.update(repr(float(v)) for v in npz[key].ravel() if len(repr(float(v))) > 6)
    return floats


def find_leaks(source_dir, release_dir, reference_dir=None, parts_dir=HIDDEN_CHECKS):
    """Return a list of problems found in release_dir (empty when the release is clean)."""
    release_dir = Path(release_dir)
    if not release_dir.is_dir():
        return [f"{release_dir} does not exist"]
    problems = []
    inside, outside = source_lines(source_dir)
    secrets = inside - outside
    hidden = hidden_check_lines(source_dir, parts_dir)
    floats = reference_floats(reference_dir)
    for path in sorted(release_dir.rglob("*")):
        rel = path.relative_to(release_dir).as_posix()
        if any(fnmatch.fnmatch(part, pattern) for part in path.relative_to(release_dir).parts for pattern in FORBIDDEN_NAMES):
            problems.append(f"{rel}: this kind of file never belongs in a student release")
            continue
        if not path.is_file() or path.suffix not in TEXT_SUFFIXES:
            continue
        if path.suffix == ".ipynb":
            nb = json.loads(path.read_text())
            if any(cell.get("outputs") for cell in nb.get("cells", [])):
                problems.append(f"{rel}: a released notebook must not carry outputs")
        for text in _texts(path):
            for delimiter in DELIMITERS:
                if delimiter in text:
                    problems.append(f"{rel}: contains the delimiter {delimiter!r}")
            for line in text.split("\n"):
                if _normalized(line) in secrets:
                    problems.append(f"{rel}: solution or hidden-test line {line.strip()!r}")
                elif _normalized(line) in hidden:
                    problems.append(f"{rel}: line of the hidden checks {line.strip()!r}")
                if "import autograder" in line or "from autograder" in line:
                    problems.append(f"{rel}: imports the grader: {line.strip()!r}")
            for value in floats:
                if value in text:
                    problems.append(f"{rel}: contains the reference value {value}")
    return problems
