"""Build solutions/fc_nets: the answer key, generated from source/ by running it.

The result is what a perfect student would submit: the source notebooks with the
hidden tests removed (nbgrader's ClearHiddenTests), executed top to bottom in a
real kernel on the given CIFAR-10 copy, next to the complete package and the
submission_logs/ and figures/ the run wrote. The solution delimiters are kept as
comments so a TA can see what students were asked to write. It is also the
full-marks fixture of the grader's tests. Cells tagged `timing` print measured
speeds, which change from run to run: the answer key keeps no output for them.

The folder is built in a temporary directory and swapped in at the end, so a
failed build leaves the previous solutions untouched. Same source and data
give byte-identical files on the same machine; on another CPU the floats differ in the
last bits and training runs drift apart, which autograder.course.compare tells from real changes.
"""
import shutil
import tempfile
from pathlib import Path

import nbformat
from nbgrader.preprocessors import ClearHiddenTests, ClearOutput

from ..layout import CIFAR10_IN_ASSIGNMENT, CIFAR10_SUBSET, NOT_DISTRIBUTED, NOTEBOOKS, SOLUTIONS, SOURCE
from .notebooks import execute_notebook


def copy_assignment(source, dest):
    """Copy an assignment folder without data, outputs and caches."""
    shutil.copytree(source, dest, ignore=shutil.ignore_patterns(*NOT_DISTRIBUTED))


def link_dataset(assignment, data_dir):
    """Make data_dir the assignment's CIFAR-10 folder (a symlink); return the link."""
    link = Path(assignment) / CIFAR10_IN_ASSIGNMENT
    link.parent.mkdir(parents=True, exist_ok=True)
    if link.is_symlink() or link.exists():
        raise FileExistsError(f"{link} already exists")
    link.symlink_to(Path(data_dir).resolve(), target_is_directory=True)
    return link


def build_solutions(out=SOLUTIONS, source=SOURCE, data_dir=CIFAR10_SUBSET, log=print, kernel_env=None):
    """Generate the solved assignment folder at out; return its path.

    kernel_env: extra environment of the kernels that run the notebooks (the tests use it to
    build the answer key as another CPU would, with OPENBLAS_CORETYPE).
    """
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".build-", dir=out.parent) as tmp:
        build = Path(tmp) / out.name
        copy_assignment(source, build)
        for name in NOTEBOOKS:
            path = build / name
            nb = nbformat.read(path, as_version=4)
            for preprocessor in (ClearHiddenTests(), ClearOutput()):
                nb, _ = preprocessor.preprocess(nb, {})
            nbformat.write(nb, path)

        link = link_dataset(build, data_dir)
        try:
            for name in NOTEBOOKS:
                log(f"[solutions] executing {name} on {data_dir}")
                nb = execute_notebook(build / name, cwd=build, kernel_env=kernel_env)
                for cell in nb.cells:
                    if "timing" in cell.metadata.get("tags", []):
                        cell.outputs = []
                nbformat.write(nb, build / name)
        finally:
            link.unlink()

        if out.exists():
            shutil.rmtree(out)
        build.rename(out)
    log(f"[solutions] wrote {out}")
    return out
