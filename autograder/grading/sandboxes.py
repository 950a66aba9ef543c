"""Start a sandbox from the grader's side: a process confined by the launcher (autograder/sandbox/confinement.py),
with a wall-clock limit and the pipes of the grader's correct layers (oracle.py), its output in files.
"""
import errno
import json
import os
import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path

from ..layout import ONE_BLAS_THREAD
from ..sandbox.confinement import FILE_LIMIT_MB, LAUNCHER
from ..sandbox.protocol import ORACLE_FDS_VARIABLE, read_tail
from .oracle import serve


@dataclass
class SandboxResult:
    returncode: int
    timed_out: bool
    seconds: float
    stdout: str = ""
    stderr: str = ""
    refused: str = ""  # why the grader refused the part's requests for correct layers, if it did

    def describe(self, limit_seconds, memory_mb):
        """A sentence for students about how the process ended, or '' if it ended normally."""
        if self.refused:
            return self.refused
        if self.timed_out:
            return f"it did not finish within the time limit of {limit_seconds} s (an infinite loop, or far too slow)"
        if self.returncode < 0:
            name = signal.Signals(-self.returncode).name
            if -self.returncode == signal.SIGXCPU:
                return "it used more CPU time than allowed"
            if -self.returncode == signal.SIGXFSZ:
                return f"it wrote more than {FILE_LIMIT_MB} MB of output or files"
            if -self.returncode in (signal.SIGKILL, signal.SIGSEGV, signal.SIGABRT, signal.SIGBUS):
                return f"the process was killed by {name} (often: more than {memory_mb} MB of memory)"
            return f"the process was killed by {name}"
        return ""


def run_sandboxed(command, workdir, timeout, memory_mb, oracles=None, read_only=(), private=False):
    """Run command confined to workdir (read-write); return a SandboxResult, and {part: refusal} from the oracles.

    The whole process group is killed when the wall-clock timeout expires.
    Output goes to files in workdir, so a flood of prints cannot block or exhaust the grader.
    oracles: {part: oracle.LayerServer} that answer requests for correct layers while the command runs, each
    through two pipes of its own, whose ends the command finds in the variable protocol.ORACLE_FDS_VARIABLE
    (JSON: {part: [requests fd, responses fd]}).
    read_only: files (outside workdir) the command may read, such as the grader's copy of the data.
    private: where the grader may (root with a mount namespace), in a root holding only what the rules allow, and
    without a network.
    """
    workdir = Path(workdir)
    (workdir / "tmp").mkdir(exist_ok=True)
    sandbox_env = {
        # The machine's OpenBLAS settings (its kernel, OPENBLAS_CORETYPE, decides how float32 products round): the
        # replay of a log made on this machine must round as the notebook did.
        **{name: value for name, value in os.environ.items() if name.startswith("OPENBLAS_")},
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(workdir), "TMPDIR": str(workdir / "tmp"),
        "LANG": "C.UTF-8", "MPLCONFIGDIR": str(workdir / "tmp"), "PYTHONDONTWRITEBYTECODE": "1", **ONE_BLAS_THREAD,
        # One malloc arena: each thread (a part's stack-dump timer) would otherwise reserve 64 MB of address space of
        # its own, which counts against the part's memory limit though the process never uses it.
        "MALLOC_ARENA_MAX": "1",
    }
    # {part: ((requests read, requests write), (responses read, responses write))}
    pipes = {part: (os.pipe(), os.pipe()) for part in oracles or {}}
    sandbox_env[ORACLE_FDS_VARIABLE] = json.dumps({part: [req[1], resp[0]] for part, (req, resp) in pipes.items()})
    theirs = [fd for req, resp in pipes.values() for fd in (req[1], resp[0])]
    ours = [fd for req, resp in pipes.values() for fd in (req[0], resp[1])]
    launcher = [*LAUNCHER, "--rw", str(workdir), "--memory-mb", str(memory_mb), "--cpu-seconds", str(int(timeout) + 5)]
    for path in read_only:
        launcher += ["--ro", str(path)]
    if private:
        launcher += ["--private-root", "--private-network"]
    stdout_path, stderr_path = workdir / "tmp" / "stdout.txt", workdir / "tmp" / "stderr.txt"
    start = time.monotonic()
    refused = {}
    with open(stdout_path, "wb") as out, open(stderr_path, "wb") as err:
        try:
            process = subprocess.Popen(
                [*launcher, "--", *command], cwd=workdir, env=sandbox_env, stdout=out, stderr=err,
                stdin=subprocess.DEVNULL, start_new_session=True, pass_fds=theirs,
            )
        except BaseException:
            for fd in ours:
                os.close(fd)
            raise
        finally:
            for fd in theirs:
                os.close(fd)
        timed_out = False
        try:
            # serve() closes our ends of the pipes.
            refused = serve(process, {part: (oracles[part], req[0], resp[1]) for part, (req, resp) in pipes.items()},
                            start + timeout)
            process.wait(timeout=max(0.0, start + timeout - time.monotonic()))
        except subprocess.TimeoutExpired:
            timed_out = True
        finally:
            # Kill the whole group: the command and anything it started.
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except OSError as exc:
                if exc.errno != errno.ESRCH:
                    raise
            process.wait()
    return SandboxResult(process.returncode, timed_out, time.monotonic() - start,
                         read_tail(stdout_path), read_tail(stderr_path)), refused
