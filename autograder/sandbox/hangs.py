"""A hang is found once.

Just before a part's time limit its process dumps its stack (faulthandler, from a thread of its own, whatever the
student's code does with signals); when the part times out, the supervisor takes the innermost frame in the student's
package from the dump and records the function, file and line in status.json and in STUCK_FILE, where no part may
write. Later parts' processes load the student's modules with a stand-in for that function (KnownHangs), which fails
at once with the same diagnosis, so a part that calls it does not wait for its own time limit; a part that never
calls it is not affected. The processes write out/PART/known_hangs.json naming the probes that called such a
stand-in.
"""
import contextlib
import importlib.machinery
import json
import os
import re
import types

from .protocol import ASSIGNMENT, STUCK_DUMP, STUCK_FILE

# --------------------------------------------------------------------- a hang is found once
# [{"file", "function", "line", "source", "part", "seconds"}]: functions of the student's package that did not return
# in an earlier part, in the supervisor and (forked) in each child. The supervisor keeps them in STUCK_FILE too, for a
# supervisor that replaces it in the same sandbox.
STUCK = []


DUMP_BEFORE_DEADLINE = 0.5  # seconds


CURRENT_PROBE = None  # in a child: the probe running


CALLED_STAND_IN = []  # in a child: the probes that called a stand-in


STAND_IN_HOOK = "__grader_did_not_return__"  # the name under which the stand-ins find did_not_return


class NeverReturned(TimeoutError):
    """Raised at once where student code calls a function that did not return in an earlier part."""


def hang_diagnosis(stuck, within, earlier_part=None):
    """What the student reads about a function that did not return: where, the line itself, what to look for."""
    line = f"line {stuck['line']}" + (f" (`{stuck['source']}`)" if stuck.get("source") else "")
    if stuck["function"] == "<module>":
        what = f"importing {stuck['file']} did not finish within {within}, at {line}"
    else:
        what = f"{stuck['function']} in {stuck['file']}, {line}, did not return within {within}"
    if earlier_part:
        what += f" when the {earlier_part} part ran it, so it was not run again here"
    what += ": look for a loop that never ends"
    if stuck.get("loop_line"):
        what += f" (line {stuck['line']} is in the loop `{stuck['loop_source']}` of line {stuck['loop_line']})"
    return what


def did_not_return(index):
    """Called by a stand-in: the function it stands for did not return in an earlier part."""
    stuck = STUCK[index]
    if CURRENT_PROBE not in CALLED_STAND_IN:
        CALLED_STAND_IN.append(CURRENT_PROBE)
    raise NeverReturned(hang_diagnosis(stuck, f"{stuck['seconds']:g} s", stuck["part"]))


def stuck_in_dump(text, student_files):
    """The innermost frame of the dumped stack that lies in one of the files students edit (student_files, relative
    to the assignment), else in another file of the package, as a STUCK entry (without part and seconds); None if
    the stack holds neither."""
    assignment = os.path.realpath(ASSIGNMENT)
    frames = [(os.path.relpath(os.path.realpath(path), assignment), int(line), function) for path, line, function
              in re.findall(r'^\s*File "(.+)", line (\d+) in (\S+)', text, re.MULTILINE)]  # innermost first
    package = [frame for frame in frames if frame[0].startswith("deeplearning" + os.sep)]
    found = [frame for frame in package if frame[0] in student_files] or package
    if not found:
        return None
    file, line, function = found[0]
    path = os.path.join(assignment, file)
    stuck = {"file": file, "function": function, "line": line, "source": source_line(path, line)}
    loop = enclosing_loop(path, line)
    if loop:
        stuck.update(loop_line=loop, loop_source=source_line(path, loop))
    return stuck


def enclosing_loop(path, number):
    """The first line of the innermost loop (for, while) around line `number` of a student's file, if that is not
    the line itself; None otherwise. The file is parsed, never run."""
    import ast

    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            tree = ast.parse(f.read(2_000_000))
    except (SyntaxError, ValueError, RecursionError, MemoryError, OSError):
        return None
    loops = [node.lineno for node in ast.walk(tree) if isinstance(node, (ast.For, ast.While, ast.AsyncFor))
             and node.lineno < number <= (node.end_lineno or node.lineno)]
    return max(loops, default=None)


def source_line(path, number, limit=120):
    """Line `number` of a student's file, stripped and cut to `limit` characters ('' if it cannot be read)."""
    with contextlib.suppress(OSError, UnicodeDecodeError):
        with open(path, encoding="utf-8", errors="replace") as f:
            for count, line in enumerate(f, start=1):
                if count == number:
                    line = line.strip()
                    return line if len(line) <= limit else line[:limit] + " ..."
                if count > number:
                    break
    return ""


def _is_stuck(code, stuck):
    return (code.co_name == stuck["function"] and stuck["line"] in {line for _, _, line in code.co_lines()}
            and os.path.realpath(code.co_filename) == os.path.realpath(os.path.join(ASSIGNMENT, stuck["file"])))


def stand_in(code, index):
    """A code object to take code's place: it calls did_not_return(index) at once, at the stuck line, under code's
    name and with its free variables (so the function, method or closure that holds it is made as before)."""
    call = f"{STAND_IN_HOOK}({index})"
    if code.co_name == "<module>":
        replacement = compile(call, code.co_filename, "exec")
    else:
        cells = "".join(f"    {name} = None\n" for name in code.co_freevars)
        body = ", ".join((*code.co_freevars, call))
        source = f"def outer():\n{cells}    def stand_in(*args, **kwargs): {body}\n"
        outer = next(c for c in compile(source, code.co_filename, "exec").co_consts if isinstance(c, types.CodeType))
        replacement = next(c for c in outer.co_consts if isinstance(c, types.CodeType))
        names = {"co_name": code.co_name, **({"co_qualname": code.co_qualname} if hasattr(code, "co_qualname") else {})}
        replacement = replacement.replace(**names)
    return replacement.replace(co_firstlineno=STUCK[index]["line"])  # all its instructions are on its first line


def with_stand_ins(code):
    """code (a module's), with a stand-in for every code object in it that is a STUCK entry."""
    for index, stuck in enumerate(STUCK):
        if _is_stuck(code, stuck):
            return stand_in(code, index)
    consts = tuple(with_stand_ins(c) if isinstance(c, types.CodeType) else c for c in code.co_consts)
    return code.replace(co_consts=consts) if any(a is not b for a, b in zip(consts, code.co_consts)) else code


class GuardedLoader(importlib.machinery.SourceFileLoader):
    """Loads a student's module with stand-ins for its functions that did not return in an earlier part."""

    def get_code(self, fullname):
        return with_stand_ins(super().get_code(fullname))

    def exec_module(self, module):
        module.__dict__[STAND_IN_HOOK] = did_not_return
        super().exec_module(module)


class KnownHangs:
    """A meta path finder for the children: the modules of the files in STUCK get a GuardedLoader."""

    @staticmethod
    def find_spec(name, path=None, target=None):
        spec = importlib.machinery.PathFinder.find_spec(name, path, target)
        if spec is None or not isinstance(spec.loader, importlib.machinery.SourceFileLoader):
            return None
        origin = os.path.realpath(spec.origin)
        if not any(origin == os.path.realpath(os.path.join(ASSIGNMENT, stuck["file"])) for stuck in STUCK):
            return None
        spec.loader = GuardedLoader(spec.name, spec.origin)
        return spec


def load_stuck():
    """The hangs found by an earlier supervisor of this sandbox."""
    with contextlib.suppress(OSError, ValueError):
        with open(STUCK_FILE) as f:
            STUCK[:] = [entry for entry in json.load(f) if isinstance(entry, dict)]


def record_stuck(part, seconds, student_files):
    """After the part timed out: the function its child was stuck in, from the dump (None if it was not in the
    student's package), added to STUCK."""
    try:
        with open(STUCK_DUMP.format(part), errors="replace") as f:
            stuck = stuck_in_dump(f.read(200_000), student_files)
    except OSError:
        return None
    if stuck is not None:
        stuck.update(part=part, seconds=round(seconds, 1))
        if not any(_same_place(stuck, known) for known in STUCK):
            STUCK.append(stuck)
            with open(STUCK_FILE, "w") as f:
                json.dump(STUCK, f)
    return stuck


def _same_place(a, b):
    return all(a[key] == b[key] for key in ("file", "function", "line"))
