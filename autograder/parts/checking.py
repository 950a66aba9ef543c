"""What the hidden checks share: failing with a message, error measures, and access to one submission's outputs.

The checks run in the scoring process, which never imports student code: they read
the arrays the probes saved (np.load with allow_pickle=False), judge them, and fail
with a message meant for the student.
"""
import json
import math
import sys
from pathlib import Path

import numpy as np
import pytest


def fail(message):
    pytest.fail(message, pytrace=False)


def hoeffding(n, delta=1e-10):
    """Half-width t with P(|mean of n independent [0, 1] variables - expectation| >= t) <= delta."""
    return math.sqrt(math.log(2 / delta) / (2 * n))


def rel_error(x, y):
    """Largest elementwise relative error, as the notebooks print it."""
    return float(np.max(np.abs(x - y) / np.maximum(1e-8, np.abs(x) + np.abs(y))))


class Grading:
    """Access to one submission's probe outputs, logs and the reference, for the checks."""

    def __init__(self, folder):
        self.folder = Path(folder)
        self.manifest = json.loads((self.folder / "manifest.json").read_text())
        sys.path.insert(0, self.manifest["reference_assignment"])
        self.references = Path(self.manifest["references"])

    def inputs(self, part):
        with np.load(self.folder / "inputs" / f"{part}.npz", allow_pickle=False) as npz:
            return {key: npz[key] for key in npz.files}

    def outputs(self, part, probe):
        """The arrays a probe saved; fails the check with the reason when it saved none."""
        errors = self.manifest["probe_errors"].get(part, {})
        if probe in errors:
            fail(f"calling your code failed: {errors[probe]}")
        path = self.folder / "out" / part / f"{probe}.npz"
        if not path.is_file():
            crash = self.manifest["crashes"].get(part) or "it stopped without saving any result"
            fail(f"your code did not return a result here: {crash}")
        try:
            with np.load(path, allow_pickle=False) as npz:
                return {key: npz[key] for key in npz.files}
        except Exception as exc:  # forged or half-written output
            fail(f"the result of your code could not be read ({type(exc).__name__}); did it return numpy arrays?")

    def array(self, outputs, key, like=None, shape=None, what=None):
        """outputs[key] as a finite numeric array, checked against the shape of `like` or `shape`."""
        what = what or key
        value = outputs.get(key)
        if value is None:
            fail(f"{what}: your code returned nothing here")
        if value.dtype.kind == "U":  # the probe runner's note about a non-array
            fail(f"{what}: expected a numeric numpy array, got {value}")
        if value.dtype.kind not in "fiub":
            fail(f"{what}: expected a numeric numpy array, got a {value.dtype} array")
        expected_shape = like.shape if like is not None else shape
        if expected_shape is not None and value.shape != tuple(expected_shape):
            fail(f"{what}: expected shape {tuple(expected_shape)}, got {value.shape}")
        if value.dtype.kind == "f" and not np.all(np.isfinite(value)):
            fail(f"{what}: contains NaN or infinity")
        return value
