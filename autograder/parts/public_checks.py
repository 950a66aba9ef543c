"""The students' public checks, as the grader uses them: the package deeplearning/self_check of the source.

They hold what the grader and the students share: the diagnoses and their messages,
the accepted formulations a student may see, and the settings of the graded
experiments. The package is loaded from its folder in source/ under a name of its
own, so that no student's deeplearning package is ever imported here.

    from autograder.parts.public_checks import common, experiments, public_part
    public_part("dropout_forward").check_mask_statistics(...)
"""
import importlib
import importlib.util
import sys

from ..layout import SOURCE

NAME = "fc_nets_public_checks"
FOLDER = SOURCE / "deeplearning" / "self_check"


def _load():
    if NAME not in sys.modules:
        spec = importlib.util.spec_from_file_location(NAME, FOLDER / "__init__.py",
                                                      submodule_search_locations=[str(FOLDER)])
        sys.modules[NAME] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[NAME])
    return sys.modules[NAME]


def public_part(part):
    """The module of a part's public checks (deeplearning/self_check/<part>.py)."""
    return importlib.import_module(f"{_load().__name__}.{part}")


public = _load()
common = public_part("common")
experiments = public_part("experiments")
