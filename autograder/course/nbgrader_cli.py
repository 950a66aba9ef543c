"""Run the real nbgrader command line from Python, in a course folder."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

from ..layout import REPO, SOURCE


def make_course(root):
    """A fresh nbgrader course folder at root: a copy of source/ and nbgrader_config.py."""
    root = Path(root)
    shutil.copytree(SOURCE, root / "source" / SOURCE.name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(REPO / "nbgrader_config.py", root / "nbgrader_config.py")
    return root


def run_nbgrader(*args, cwd, check=True, capture_output=False):
    """Run `nbgrader ARGS...` in cwd with this interpreter; return the CompletedProcess.

    nbgrader runs `alembic` from PATH, so the interpreter's bin folder is put first
    on PATH: the command works from an unactivated virtual environment too.
    """
    env = dict(os.environ)
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    result = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=cwd, env=env, capture_output=capture_output,
                            text=True)
    if check and result.returncode != 0:
        if capture_output:  # show what nbgrader said before failing
            print(result.stdout[-5000:], result.stderr[-5000:], sep="\n", file=sys.stderr)
        raise subprocess.CalledProcessError(result.returncode, result.args, result.stdout, result.stderr)
    return result
