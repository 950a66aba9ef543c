"""The course at a real course's scale: the answer key and the grader's references built on the full-size CIFAR-10
stand-in (full_size_cifar10.py), 49,000 training images, as an instructor builds them with
`python -m autograder solutions --data DIR` and `python -m autograder references --data DIR`.

Building them runs the three notebooks on the whole data set (about 90 s of CPU on 2 cores), so they are cached
outside the repository, keyed by the source's files, the builders and the data: any change to those builds them again.

    python tests/full_scale.py      # build (or find) them and print where they are
"""
import hashlib
import sys

import full_size_cifar10

from autograder.layout import REPO, SOURCE

# What the answer key and the references are made of, besides the data: the source and the builders (with the
# experiments they record). A path that no longer exists is an error, not a key that never changes.
INPUTS = [SOURCE, REPO / "autograder" / "course" / "solutions.py", REPO / "autograder" / "course" / "references.py",
          REPO / "autograder" / "course" / "notebooks.py", REPO / "autograder" / "parts" / "graded_experiments.py",
          REPO / "autograder" / "layout.py"]


def source_key():
    h = hashlib.sha256()
    missing = [str(root) for root in INPUTS if not root.exists()]
    if missing:
        raise FileNotFoundError(f"tests/full_scale.py keys the full-scale build on files that are gone: {missing}")
    for root in INPUTS:
        for path in sorted([root] if root.is_file() else root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(REPO).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def data():
    """The full-size CIFAR-10 stand-in: (its cifar-10-batches-py folder, its cifar-10-python.tar.gz)."""
    entry = full_size_cifar10.cached()
    return entry / full_size_cifar10.FOLDER, entry / full_size_cifar10.ARCHIVE


def answer_key_and_references():
    """(the full-scale answer key's assignment folder, its references folder), built once and cached."""
    from autograder.course.references import build_references
    from autograder.course.solutions import build_solutions

    folder, _ = data()

    def build(entry):
        solutions = build_solutions(out=entry / "solutions" / "fc_nets", data_dir=folder, log=lambda _: None)
        build_references(solutions=solutions, data_dir=folder, out=entry / "references", log=lambda _: None)

    entry = full_size_cifar10.cached_build(f"full-scale-{source_key()}-{full_size_cifar10.cache_key()}", build)
    return entry / "solutions" / "fc_nets", entry / "references"


if __name__ == "__main__":
    print("data: %s (archive %s)\nanswer key: %s\nreferences: %s" % (*data(), *answer_key_and_references()))
    sys.exit(0)
