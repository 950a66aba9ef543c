"""Typical student mistakes, applied to a copy of the solved assignment.

Each mutant is the answer key with one bug, and names a phrase the grader's
feedback (and, unless public=False, the students' self-check) must contain. Every part declares its own mutants (MUTANTS in
autograder/parts/<part>/__init__.py); the tests prove each one loses points with
its message, and the demo and the benchmarks use them as realistic submissions.
"""
import json
import shutil
from dataclasses import dataclass
from pathlib import Path

import numpy as np

LAYERS = "deeplearning/layers.py"
FC_NET = "deeplearning/classifiers/fc_net.py"
OPTIM = "deeplearning/optim.py"


@dataclass(frozen=True)
class Mutant:
    name: str
    file: str
    edits: tuple  # (old, new) text replacements in file; empty for a log mutant, which has log_edit
    message: str  # a phrase the grader's feedback must contain
    log_edit: object = None  # for a mutated log: a function that changes the file at a path
    # The students' public checks (deeplearning/self_check.py) name it with the same message; False: only the
    # hidden tests can (they need the grader's reference results, its replay of the logs, or the layer calls).
    public: bool = True
    # The id of the mistake the grader names for this bug, "<part>/<mistake>" as results.json's
    # extra_data.mistake carries it (the tests require it; the class report counts it).
    mistake: str = ""

    def apply(self, assignment):
        """Introduce the bug into the assignment folder (in place)."""
        path = Path(assignment) / self.file
        if self.log_edit:
            self.log_edit(path)
            return
        text = path.read_text()
        for old, new in self.edits:
            if old not in text:
                raise ValueError(f"mutant {self.name}: {old!r} not found in {self.file}")
            text = text.replace(old, new)
        path.write_text(text)


def log_mutant(name, file, edit, message, public=True, mistake=""):
    return Mutant(name, file, (), message, edit, public, mistake)


# ------------------------------------------------------------------ edits of experiment logs
def rewrite_log(path, change):
    with np.load(path, allow_pickle=False) as npz:
        arrays = {key: npz[key] for key in npz.files}
    change(arrays)
    np.savez(path, **arrays)


def set_config(key, value):
    """An edit that records another value of a (dotted) config key, e.g. 'optim_config.learning_rate'."""
    def change(arrays):
        config = json.loads(str(arrays["config"]))
        target = config
        *parents, last = key.split(".")
        for parent in parents:
            target = target[parent]
        target[last] = value
        arrays["config"] = np.array(json.dumps(config))
    return lambda path: rewrite_log(path, change)


def _inflate_accuracies(arrays):
    arrays["val_acc_history"] = np.minimum(arrays["val_acc_history"] + 0.25, 1.0)
    arrays["train_acc_history"] = np.minimum(arrays["train_acc_history"] + 0.05, 1.0)


def fabricated(path):
    """Accuracies raised after the run."""
    rewrite_log(path, _inflate_accuracies)


def inflated_later(path):
    """Validation accuracies raised from the second epoch on, beyond the start of the run that the grader replays."""
    def change(arrays):
        later = np.arange(arrays["val_acc_history"].size) >= 2
        arrays["val_acc_history"] = np.where(later, np.minimum(arrays["val_acc_history"] + 0.25, 1.0),
                                             arrays["val_acc_history"])
    rewrite_log(path, change)


def deleted(path):
    path.unlink()


def pickled(path):
    np.savez(path, loss_history=np.array([object()], dtype=object))


# ------------------------------------------------------------------ all of them
def all_mutants():
    from .parts import PARTS

    return [mutant for part in PARTS.values() for mutant in part.mutants]


def make_mutant(solved_assignment, dest, name):
    """Copy the solved assignment to dest and introduce the named bug; return dest."""
    mutant = {mutant.name: mutant for mutant in all_mutants()}[name]
    dest = Path(dest)
    shutil.copytree(solved_assignment, dest, ignore=shutil.ignore_patterns("figures", "__pycache__"))
    mutant.apply(dest)
    return dest
