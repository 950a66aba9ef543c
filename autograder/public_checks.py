"""The students' public checks as the grader's module `public`: deeplearning/self_check.py of the source.

They hold what the grader and the students share: the diagnoses and their messages,
and the settings of the graded experiments. The module is loaded from its file in
source/, so that no student's deeplearning package is ever imported here.
"""
import importlib.util
import sys

from .layout import SOURCE

NAME = "fc_nets_public_checks"


def _load():
    if NAME not in sys.modules:
        spec = importlib.util.spec_from_file_location(NAME, SOURCE / "deeplearning" / "self_check.py")
        sys.modules[NAME] = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(sys.modules[NAME])
    return sys.modules[NAME]


public = _load()
