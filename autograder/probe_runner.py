"""Runs inside the sandbox: calls the student's code on the grader's inputs, saves raw outputs.

    python -I probe_runner.py PART

The working directory holds `fc_nets/` (the student's graded files next to the
released ones), `probes.py` (the part's probes: every public function of it, in
order, takes the inputs and returns a dict of arrays), `inputs/PART.npz` (written by
the grader), and receives `out/PART/<probe>.npz` for every probe that returns, and
`out/PART/errors.json` with a message for every probe that raised.
`out/PART/current.txt` names the probe that is running, so the grader can tell
where a crash or a timeout hit.

Nothing here holds an expected value: probes only feed inputs and record outputs.
Everything is judged later, in a process where no student code runs.
"""
import errno
import inspect
import json
import os
import sys
import traceback

import numpy as np

ASSIGNMENT = os.path.abspath("fc_nets")


def describe_exception(exc):
    """'Type: message (file, line N)' naming the deepest frame in the student's files."""
    message = str(exc)
    if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
        message = "your code wrote more than 256 MB of output or files (print less)"
    if len(message) > 400:
        message = message[:400] + " ..."
    location = None
    for frame in reversed(traceback.extract_tb(exc.__traceback__)):
        if frame.filename.startswith(ASSIGNMENT):
            location = (os.path.relpath(frame.filename, ASSIGNMENT), frame.lineno)
            break
    if isinstance(exc, SyntaxError) and exc.filename and exc.filename.startswith(ASSIGNMENT):
        location = (os.path.relpath(exc.filename, ASSIGNMENT), exc.lineno)
    where = ""
    if location:
        where = f" (line {location[1]})" if location[0] in message else f" ({location[0]}, line {location[1]})"
    return f"{type(exc).__name__}: {message}{where}"


def model_params(model):
    """A model's parameters as arrays, for the probes that save them."""
    return {name: np.asarray(value) for name, value in model.params.items()}

def as_array(value):
    """value as a numeric array; anything else becomes a note the grader turns into a message."""
    try:
        array = None if isinstance(value, (dict, str, bytes)) else np.asarray(value)
    except Exception:  # e.g. a ragged list
        array = None
    if array is None or array.dtype.kind not in "fiub":
        return np.array(f"a {type(value).__name__}, not a numeric array")
    return array


def probes():
    """The public functions of probes.py, in the order they are defined."""
    sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))  # python -I leaves this folder out
    import probes as module

    return [function for name, function in vars(module).items()
            if inspect.isfunction(function) and function.__module__ == module.__name__ and not name.startswith("_")]


def main(part):
    out_dir = os.path.join("out", part)
    os.makedirs(out_dir, exist_ok=True)
    with np.load(os.path.join("inputs", part + ".npz"), allow_pickle=False) as npz:
        inputs = {key: npz[key] for key in npz.files}
    functions = probes()  # before the student's package is on the path
    sys.path.insert(0, ASSIGNMENT)
    errors = {}
    for function in functions:
        name = function.__name__
        with open(os.path.join(out_dir, "current.txt"), "w") as f:
            f.write(name)
        np.random.seed(int(inputs["rng_seed"]))
        try:
            result = {key: as_array(value) for key, value in function(inputs).items()}
            np.savez(os.path.join(out_dir, name + ".npz"), **result)
        except BaseException as exc:  # noqa: BLE001 (SystemExit and KeyboardInterrupt from student code too)
            errors[name] = describe_exception(exc)
        with open(os.path.join(out_dir, "errors.json"), "w") as f:
            json.dump(errors, f)
    os.remove(os.path.join(out_dir, "current.txt"))


if __name__ == "__main__":
    main(sys.argv[1])
