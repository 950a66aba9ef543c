"""Check your own work while you build it: the public checks of every graded part.

In a notebook, run the cell under a part's grade cell, for example

    from deeplearning.self_check import check
    check("dropout_forward")

It calls your functions on small inputs of its own and prints one line per check:
passed, FAILED with what to fix, or a note (something that costs no points). These
are the same diagnoses, with the same messages, that the grader gives for these
checks. The hidden tests also run when your work is graded: on the grader's own
inputs, against reference results, and they replay your experiment logs. So passing
every public check does not guarantee full marks, and failing one tells you what
costs points. Nothing here changes your grade.

Each part's checks are in the module of the same name (dropout_forward.py, ...),
the helpers they share in common.py, the graded experiments in experiments.py.
`python collect_submission.py` runs every public check before it packs your work.
"""
import importlib
import os
import textwrap
import traceback

import numpy as np

from .common import LAYER_PARTS, CheckFailed, Skipped, ToDo, layer_calls
from .experiments import PART_LOGS

NOTEBOOK_PARTS = {  # the graded parts of each notebook, in order
    "FullyConnectedNets.ipynb": ["affine_layer", "relu_layer", "two_layer_net", "two_layer_net_training",
                                 "overfit_logs", "update_rules", "optimizer_logs", "best_model"],
    "BatchNormalization.ipynb": ["batchnorm_forward", "batchnorm_backward", "layernorm", "fc_net_normalization",
                                 "batchnorm_logs", "weight_scale_logs"],
    "Dropout.ipynb": ["dropout_forward", "dropout_backward", "fc_net", "regularization_logs"],
}
PART_ORDER = [part for parts in NOTEBOOK_PARTS.values() for part in parts]
# The files of the package you edit; the grader takes these from your submission, and every other file as released.
STUDENT_FILES = ["deeplearning/layers.py", "deeplearning/classifiers/fc_net.py", "deeplearning/optim.py"]


def checks_of(part):
    """The part's Checks (its module's `checks`)."""
    if part not in PART_ORDER:
        raise ValueError(f"no part named {part!r}; the parts are {', '.join(PART_ORDER)}")
    return importlib.import_module(f"{__name__}.{part}").checks


def _where(exc):
    """' (in deeplearning/layers.py, line 120)' for the deepest frame of the traceback in your code, or ''."""
    frames = [frame for frame in traceback.extract_tb(exc.__traceback__) if "deeplearning" in frame.filename
              and "self_check" not in frame.filename]
    if not frames:
        return ""
    name = frames[-1].filename.replace(os.sep, "/")
    return f" (in {name[name.rfind('deeplearning/'):]}, line {frames[-1].lineno})"


def _failing(part, done):
    """True when part's own public checks fail (computed once per run_checks call, in `done`)."""
    if part not in done:
        done[part] = None  # a part never depends on itself
        done[part] = _run(part, done)
    return any(status == "failed" for _, status, _ in done[part] or ())


def _blamed(checks, called, done):
    """The other parts, replaced by correct code when the grader grades this one, that a failed check ran and
    that fail their own checks: the failure may be theirs, and it is charged there."""
    used = {LAYER_PARTS[name] for name in called} | {part for part in checks.replaced if part not in LAYER_PARTS.values()}
    return [part for part in checks.replaced if part in used and _failing(part, done)]


def _run(part, done):
    checks = checks_of(part)
    results = []
    for check in checks.all:
        state = np.random.get_state()
        called = set()
        try:
            with np.errstate(all="ignore"), layer_calls() as called:
                check.function()
            results.append((check.title, "passed", ""))
        except NotImplementedError as exc:
            results.append((check.title, "to do", f"not implemented yet: {exc}"))
        except ToDo as exc:
            results.append((check.title, "to do", str(exc)))
        except Skipped as exc:
            results.append((check.title, "note", f"not judged here: {exc}"))
        except Exception as exc:  # noqa: BLE001 - a mistake, or any error in your code: a finding, not a crash
            message = str(exc) if isinstance(exc, CheckFailed) else (f"your code raised {type(exc).__name__}: "
                                                                      f"{exc}{_where(exc)}")
            blamed = _blamed(checks, called, done) if not check.note else []
            if blamed:
                results.append((check.title, "note", f"not judged here: this check runs your code of "
                                f"{', '.join(blamed)}, whose own checks fail, and the grader checks {part} with "
                                f"correct code in its place. Fix {', '.join(blamed)} first. (Here: {message})"))
            else:
                results.append((check.title, "note" if check.note else "failed", message))
        finally:
            np.random.set_state(state)  # your notebook's random numbers stay as they were
    return results


def run_checks(part):
    """[(title, status, message)] of part's public checks; status is "passed", "failed", "note" (a check worth no
    points failed, or a check that cannot judge this part's code yet) or "to do" (a stub not implemented yet, a log
    not written yet)."""
    return _run(part, {})


MARKS = {"passed": "passed", "failed": "FAILED", "note": "note  ", "to do": "to do "}


def summary(results):
    """'4 of 5 public checks passed (1 note)': a note costs no points, so it counts as neither."""
    counted = [status for _, status, _ in results if status != "note"]
    notes = len(results) - len(counted)
    return (f"{counted.count('passed')} of {len(counted)} public checks passed"
            + (f" ({notes} note{'s' * (notes > 1)})" if notes else ""))


def check(part):
    """Run part's public checks on your current code and print one line per check, then a summary."""
    results = run_checks(part)
    print(f"Public checks of {part}:")
    for title, status, message in results:
        print(f"  {MARKS[status]}  {title}")
        if message:  # wrapped: notebook outputs and feedback pages do not wrap long lines
            print(textwrap.fill(message, width=100, initial_indent=" " * 12, subsequent_indent=" " * 12,
                                break_long_words=False, break_on_hyphens=False))
    print(f"{summary(results)}; the hidden tests also run when your work is graded.")


__all__ = ["NOTEBOOK_PARTS", "PART_ORDER", "PART_LOGS", "check", "checks_of", "run_checks", "summary"]
