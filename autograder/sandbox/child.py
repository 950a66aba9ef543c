"""A part's process: its own confinement, then every probe of the part, each result or error saved as it comes.

Nothing here holds an expected value or a correct layer: probes only feed inputs and record outputs. Everything is
judged later, in the grader, where no student code runs.
"""
import errno
import importlib.util
import inspect
import json
import os
import resource
import sys
import tempfile
import traceback

import numpy as np

from . import hangs, isolation, stand_ins
from .confinement import DEVICES_READ_WRITE, SYSTEM_READ_ONLY, LandlockUnavailable, interpreter_paths, restrict_self
from .protocol import ASSIGNMENT, CACHES_READ, CURRENT, ERRORS, HERE, KNOWN_HANGS, PACKAGE


def describe_exception(exc):
    """'Type: message (file, line N)' naming the deepest frame in the student's files."""
    if isinstance(exc, hangs.NeverReturned):
        return str(exc)  # it names the function, file and line itself
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


def as_array(value):
    """value as a numeric array; anything else becomes a note the grader turns into a message."""
    try:
        array = None if isinstance(value, (dict, str, bytes)) else np.asarray(value)
    except Exception:  # e.g. a ragged list
        array = None
    if value is None:
        return np.array("None: the function returns nothing yet (is its TODO done?)")
    if isinstance(value, np.ndarray) and value.dtype.kind == "U":  # a message (the replay's reason, ...)
        return value
    if array is None or array.dtype.kind not in "fiub":
        return np.array(f"a {type(value).__name__}, not a numeric array")
    return array


def probes(part):
    """The public functions of probes/PART.py, in the order they are defined (they import this package as
    `sandbox`, the same modules as this process's)."""
    spec = importlib.util.spec_from_file_location(f"probes_{part}", os.path.join(HERE, "probes", part + ".py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return [function for name, function in vars(module).items()
            if inspect.isfunction(function) and function.__module__ == module.__name__ and not name.startswith("_")]


def run_probes(part):
    """Every probe of the part, each result or error saved as it comes (protocol: out/PART/)."""
    out_dir = os.path.join("out", part)
    with np.load(os.path.join("inputs", part + ".npz"), allow_pickle=False) as npz:
        inputs = {key: npz[key] for key in npz.files}
    functions = probes(part)  # before the student's package is on the path
    sys.path.insert(0, ASSIGNMENT)
    errors = {}
    for function in functions:
        name = hangs.CURRENT_PROBE = function.__name__
        with open(os.path.join(out_dir, CURRENT), "w") as f:
            f.write(name)
        if stand_ins.CLIENT:
            stand_ins.CLIENT.call("probe", {"name": name})
        stand_ins.CACHES_READ.clear()
        np.random.seed(int(inputs["rng_seed"]))
        try:
            result = {key: as_array(value) for key, value in function(inputs).items()}
            if stand_ins.CACHES_READ:  # the checks of a net name the layers whose caches it read itself
                result[CACHES_READ] = np.array(sorted(stand_ins.CACHES_READ))
            np.savez(os.path.join(out_dir, name + ".npz"), **result)
        except BaseException as exc:  # noqa: BLE001 (SystemExit and KeyboardInterrupt from student code too)
            errors[name] = describe_exception(exc)
        with open(os.path.join(out_dir, ERRORS), "w") as f:
            json.dump(errors, f)
        if hangs.CALLED_STAND_IN:
            with open(os.path.join(out_dir, KNOWN_HANGS), "w") as f:
                json.dump({probe: "called a function that did not return earlier" for probe in hangs.CALLED_STAND_IN},
                          f)
    os.remove(os.path.join(out_dir, CURRENT))


def confine(part, plan, limit, uid):
    """Before any student code: the part's own output files, pipes, CPU limit (from its time limit), file-system
    rules and, where the supervisor is root, the sandbox's unprivileged uid (enter)."""
    for name, stream in (("stdout", 1), ("stderr", 2)):
        fd = os.open(os.path.join("out", part, name + ".txt"), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        os.dup2(fd, stream)
        os.close(fd)
    for other, fds in plan["oracle_fds"].items():
        if other != part:
            for fd in fds:
                os.close(fd)
    if part in plan["oracle_fds"]:
        stand_ins.connect(plan["oracle_fds"][part], plan["correct_layers"][part])
    tmp = os.path.abspath(os.path.join("tmp", part))
    os.environ.update(HOME=tmp, TMPDIR=tmp, MPLCONFIGDIR=tmp)
    tempfile.tempdir = None
    cpu_seconds, hard = int(limit) + 5, resource.getrlimit(resource.RLIMIT_CPU)[1]
    within = (lambda seconds: seconds) if hard == resource.RLIM_INFINITY else (lambda seconds: min(seconds, hard))
    resource.setrlimit(resource.RLIMIT_CPU, (within(cpu_seconds), within(cpu_seconds + 5)))
    own = [os.path.join(HERE, name) for name in ("fc_nets", "logs", PACKAGE, os.path.join("probes", part + ".py"),
                                                  os.path.join("inputs", part + ".npz"))]
    enter(plan["read_only"] + own, [os.path.join(HERE, "out", part), tmp], uid)


def enter(read_only, read_write, uid):
    """Confine this process as a part's process is confined: Landlock where the kernel has it (stacked on the
    sandbox's rules), then, where the supervisor is root, the sandbox's uid for good (isolation.drop_privileges).
    Returns {folder: descriptor} of the interpreter's folders the uid reaches only through /proc/self/fd."""
    try:
        restrict_self(interpreter_paths() + SYSTEM_READ_ONLY + read_only, read_write + DEVICES_READ_WRITE)
    except LandlockUnavailable:
        pass  # the launcher already warned
    if uid is None:
        return {}
    fds = isolation.open_dirs(isolation.interpreter_dirs(interpreter_paths()))
    return isolation.drop_privileges(uid, fds)
