"""The graded parts, one folder each, discovered here.

Everything about how a part is graded lives in its folder autograder/parts/<part>/:

- __init__.py: SPEC, its declaration (spec.py): title, the arrays its probes get, the forms its checks accept, the
  grader's layers it runs with, the logs it replays or measures again, and the measurements behind its time and
  memory limits;
- probes.py: the functions that call the student's code, in the sandbox (nothing else of the folder goes there);
- checks.py: the hidden pytest checks, with their points (@pytest.mark.points, the only place points are written),
  titles (docstrings) and the messages students see;
- public.py: the checks students run in the notebook (check("<part>")), which the hidden checks call for every
  diagnosis that needs no secret; it is the release's deeplearning/self_check/<part>.py (source/ links to it).

Which notebook holds a part, and the order of the parts, come from the grade cells of the notebooks; the written
answers (graded by hand) too. `python -m autograder grade-cells` writes a part's points and title into its grade
cell.
"""
import importlib
import json
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import numpy as np

from ..layout import NOTEBOOKS, RELEASE, SOURCE
from .spec import Spec

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Part:
    name: str
    notebook: str  # nbgrader's notebook id: the file name without .ipynb

    @cached_property
    def module(self):
        return importlib.import_module(f"{__name__}.{self.name}")

    @property
    def folder(self):
        return HERE / self.name

    @cached_property
    def spec(self):
        spec = getattr(self.module, "SPEC", None)
        if not isinstance(spec, Spec):
            raise TypeError(f"{self.folder / '__init__.py'} must declare SPEC = Spec(...) (autograder/parts/spec.py)")
        return spec

    @property
    def title(self):
        return self.spec.title

    @property
    def probes_file(self):
        """The part's probes.py, or None for a part judged from the logs alone."""
        path = self.folder / "probes.py"
        return path if path.is_file() else None

    @property
    def checks_file(self):
        return self.folder / "checks.py"

    @property
    def public_file(self):
        """The part's public checks, the file students get as deeplearning/self_check/<part>.py."""
        return self.folder / "public.py"

    @property
    def replayed(self):
        """The logs whose runs the part's probes replay with the student's code."""
        return list(self.spec.replayed)

    @property
    def proved(self):
        """The logs whose recorded parameters the part's probes measure again."""
        return list(self.spec.proved)

    @property
    def training_loss(self):
        """The proved logs whose last parameters' training loss the probes compute too."""
        return list(self.spec.training_loss)

    @property
    def replayed_whole(self):
        """True when the part's probes replay its logs' whole runs, not only their start."""
        return self.spec.replay_whole

    @property
    def correct_layers(self):
        """The layers the grader computes for the part's probes, in place of the student's
        (autograder/grading/oracle.py): a net is graded on its own code, each layer in its own part."""
        return tuple(self.spec.correct_layers)

    @property
    def graded_on_logs(self):
        """True for a part judged from the submitted experiment logs (which its probes replay), not from code."""
        return bool(self.replayed or self.proved)

    def inputs(self, rng_seed):
        """The arrays the part's probes receive: the part's fixed inputs, and the seed of the grading run
        (the probe runner seeds numpy's global random number generator with it)."""
        fixed = self.spec.inputs(np.random.RandomState(12345)) if self.spec.inputs else {}
        return {"rng_seed": np.int64(rng_seed), **fixed}

    @cached_property
    def checks(self):
        """{check function name: (title, points)} in the order of checks.py."""
        module = importlib.import_module(f"{__name__}.{self.name}.checks")
        found = {}
        for name, function in vars(module).items():
            if name.startswith("test_") and callable(function):
                marks = [mark for mark in getattr(function, "pytestmark", []) if mark.name == "points"]
                if len(marks) != 1:
                    raise ValueError(f"{self.checks_file}: {name} needs exactly one @pytest.mark.points")
                title = (function.__doc__ or name).strip().splitlines()[0]
                found[name] = (title, float(marks[0].args[0]))
        return found

    @property
    def points(self):
        return sum(points for _, points in self.checks.values())


def _cells(notebook):
    """(grade_id, nbgrader metadata, preceding markdown heading) of the graded cells of a notebook: the source
    notebook in the repository, the released one where only the release is shipped (the Gradescope zip)."""
    heading = ""
    path = SOURCE / notebook if (SOURCE / notebook).is_file() else RELEASE / notebook
    for cell in json.loads(path.read_text())["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] == "markdown" and source.startswith("#"):
            heading = source.splitlines()[0].lstrip("#").strip()
        meta = cell["metadata"].get("nbgrader", {})
        if meta.get("grade"):
            yield meta["grade_id"], meta, heading


def _discover():
    folders = {path.name for path in HERE.iterdir() if (path / "__init__.py").is_file()}
    parts, manual = {}, {}
    for notebook in NOTEBOOKS:
        notebook_id = notebook.removesuffix(".ipynb")
        for grade_id, meta, heading in _cells(notebook):
            if meta.get("solution"):
                manual[grade_id] = (f"{notebook_id} {heading}", meta["points"])
            else:
                parts[grade_id] = Part(grade_id, notebook_id)
    if set(parts) != folders:
        raise RuntimeError(f"the grade cells of the notebooks ({sorted(parts)}) and the folders of {HERE} "
                           f"({sorted(folders)}) must match: add the part's folder, or its grade cell")
    return parts, manual


# {part name: Part} in notebook order; {grade_id of a written answer: (title, points)}.
PARTS, MANUAL = _discover()
