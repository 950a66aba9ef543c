"""What the hidden checks share: failing with a message, error measures, and access to one submission's outputs.

The checks run in the scoring process, which never imports student code: they read
the arrays the probes saved (np.load with allow_pickle=False), judge them, and fail
with a message meant for the student.
"""
import importlib
import inspect
import json
import sys
from pathlib import Path

import numpy as np
import pytest

from autograder.parts.public_checks import common, experiments, public_part
from autograder.sandbox.protocol import CACHES_READ

CheckFailed = common.CheckFailed
hoeffding, rel_error, norm_error, close = common.hoeffding, common.rel_error, common.norm_error, common.close


GRADER_FAULT = "grader_fault"  # the mistake id of a check the grader could not judge because of its own fault


def grader_fault(what):
    """The message of a check the grader could not judge because of its own fault (its data, its memory, its
    set-up): never the student's."""
    return (f"not graded: {what}. This is a fault of the grader, not of the submission; your instructor has been "
            f"told and will grade it again.")


class Finding(pytest.fail.Exception):
    """A failed check: what the student reads, and the id of the mistake it names (None: not a named one)."""

    def __init__(self, message, mistake_id=None):
        super().__init__(message, pytrace=False)
        self.mistake = mistake_id


def fail(message, mistake_id=None):
    """The check fails, and the student reads message. In a check worth 0 points, message is a note:
    something that costs no points but is worth knowing (a float64 result, another random call, ...).
    mistake_id: the id of the mistake it names, unique within the part (results.json shows it as
    "<part>/<mistake>"; the class report counts it). The shared diagnoses (autograder.parts.public_checks) raise CheckFailed
    instead, which conftest.py turns into the same."""
    raise Finding(message, mistake_id)


def reference_package():
    """The reference package (the solution), imported in this trusted process: the checks' `reference` fixture."""
    return {name: importlib.import_module(f"deeplearning.{name}") for name in
            ("layers", "layer_utils", "classifiers.fc_net", "optim", "solver", "data_utils")}


class Grading:
    """Access to one submission's probe outputs, logs and the reference, for the checks."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.manifest = json.loads((self.folder / "manifest.json").read_text())
        if self.manifest["reference_assignment"] not in sys.path:
            sys.path.insert(0, self.manifest["reference_assignment"])
        self.references = Path(self.manifest["references"])
        self.verdicts = {}  # fails(): (part, checks) -> the title of the first failing check, or None

    def inputs(self, part):
        with np.load(self.folder / "inputs" / f"{part}.npz", allow_pickle=False) as npz:
            return {key: npz[key] for key in npz.files}

    def outputs(self, part, probe):
        """The arrays a probe saved; fails the check with the reason when it saved none."""
        errors = self.manifest["probe_errors"].get(part, {})
        if probe in errors:
            self.check_memory(part, errors[probe])
            # A function that did not return in an earlier part fails at once where it is called again: a timeout.
            hung = probe in self.manifest.get("known_hangs", {}).get(part, [])
            fail(f"calling your code failed: {errors[probe]}", "timeout" if hung else "code_raised")
        path = self.folder / "out" / part / f"{probe}.npz"
        if not path.is_file():
            crash = self.manifest["crashes"].get(part) or {
                "message": "your code did not return a result here: it stopped without saving any result"}
            fail(crash["message"], "grader_fault" if crash.get("grader_fault") else
                 "timeout" if crash.get("timed_out") else "crashed")
        try:
            with np.load(path, allow_pickle=False) as npz:
                return {key: npz[key] for key in npz.files if key != CACHES_READ}
        except Exception as exc:  # forged or half-written output
            fail(f"the result of your code could not be read ({type(exc).__name__}); did it return numpy arrays?", "unreadable_result")

    def check_memory(self, part, error):
        """A grader fault, where the student's code ran out of memory in a part whose memory limit the grader set
        below what correct code needs there (error: the message of what it raised)."""
        short = self.manifest.get("short_of_memory", {}).get(part)
        if short and error.startswith(("MemoryError", "_ArrayMemoryError")):
            fail(grader_fault(short), GRADER_FAULT)

    def caches_read(self, part, probe):
        """The layers whose own caches the student's code read itself in a probe that ran with the grader's correct
        layers (autograder/sandbox/stand_ins.py), instead of handing them to the layer's backward function."""
        path = self.folder / "out" / part / f"{probe}.npz"
        try:
            with np.load(path, allow_pickle=False) as npz:
                return {str(name) for name in npz[CACHES_READ]} if CACHES_READ in npz.files else set()
        except Exception:  # noqa: BLE001 (no result: outputs() says why)
            return set()

    def graded(self, part):
        """Whether the part is graded in this run (`grade --parts` may leave it out)."""
        return part in self.manifest["parts"]

    def fails(self, part, checks=None):
        """The title of the first check worth points (of those named in checks, if given) that the student's code
        fails in another part, or None: for a check that must not charge a mistake of that part a second time. A part
        not graded in this run fails nothing."""
        from autograder.parts import PARTS

        key = (part, tuple(checks or ()))
        if key not in self.verdicts:
            self.verdicts[key] = self._first_failing(PARTS[part], checks) if self.graded(part) else None
        return self.verdicts[key]

    def _first_failing(self, part, checks):
        module = importlib.import_module(f"autograder.parts.{part.name}.checks")
        fixtures = {"grading": self, "reference": reference_package()}
        for name, (title, points) in part.checks.items():
            if points <= 0 or (checks is not None and name not in checks):
                continue
            check = getattr(module, name)
            try:
                check(**{arg: fixtures[arg] for arg in inspect.signature(check).parameters})
            except (Finding, CheckFailed):
                return title
        return None

    def layers_at_fault(self, part, probe):
        """Where a net read the caches of the student's own layers itself (caches_read): those of the layers that
        fail their own parts, as "your relu_forward (it fails "<title>" in relu_layer)", or []."""
        found = []
        for layer in sorted(self.caches_read(part, probe)):
            layer_part = common.LAYER_PARTS.get(layer)
            failing = self.fails(layer_part) if layer_part else None
            if failing:
                found.append(f"your {layer} (it fails \"{failing}\" in {layer_part})")
        return found

    def layer_calls(self, part, probe, finished=True):
        """The calls a probe's code made to the grader's correct layers (autograder.grading.oracle), in order:
        [{"layer", "params", "inputs": {name: array}, "outputs": {name: array}}]. finished=False: also when the
        probe failed half-way (the calls up to the failure), so that a check can name the mistake that made it fail."""
        if finished:
            self.outputs(part, probe)  # fails with the reason if the probe did not return
        folder = self.folder / "oracle" / part
        calls = json.loads((folder / "layers.json").read_text()).get(probe) if (folder / "layers.json").is_file() else None
        if calls is None:
            self.outputs(part, probe)  # the reason, where the probe did not even start (a crash, a timeout, no time)
            fail("your code did not call any layer here", "no_layers")
        with np.load(folder / f"{probe}.npz", allow_pickle=False) as npz:
            arrays = {key: npz[key] for key in npz.files}
        for number, call in enumerate(calls):
            for side in ("inputs", "outputs"):
                call[side] = {key.split("/")[2]: value for key, value in arrays.items()
                              if key.startswith(f"{number}/{side}/")}
        return calls

    def array(self, outputs, key, like=None, shape=None, what=None, broadcast=False):
        """outputs[key] as a finite numeric array, checked against the shape of `like` or `shape` (broadcast: as
        common.checked_array: True for gradients, "values" for parameters and running averages)."""
        what = what or key
        value = outputs.get(key)
        if value is None:
            fail(f"{what}: your code returned nothing here", "returned_nothing")
        if value.dtype.kind == "U":  # the probe runner's note about a non-array
            if str(value).startswith("None"):
                value = None  # checked_array names it
            else:
                fail(f"{what}: expected a numeric numpy array, got {value}", "not_numeric")
        return common.checked_array(value, what, shape=like.shape if like is not None else shape, broadcast=broadcast)


def check_float32(grading, part, probe, keys=None, advice=""):
    """A note unless the probe's outputs (or those keys) stay float32 for float32 inputs."""
    out = grading.outputs(part, probe)
    common.float32_note({key: grading.array(out, key) for key in (keys or out)}, advice)


def check_printed_numbers(grading, part, probe, expected, how):
    """A note unless the numbers the notebook prints (the means of the probe's outputs) are the expected ones."""
    out = grading.outputs(part, probe)
    common.printed_numbers_note({key: float(np.mean(grading.array(out, key))) for key in expected}, expected, how)
