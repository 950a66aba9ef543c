"""A real memory limit for a test's own processes, as a container has: a child of this process's memory cgroup.

    with memory_cgroup(768) as cgroup:
        subprocess.run(command, preexec_fn=cgroup.enter, env={**os.environ, **cgroup.env})

Every process started with cgroup.enter (and everything it starts) is in the group, and
the grader reads the limit from /proc/self/cgroup as it would in a container. Only the
test's own processes go into it; on leaving, whatever is left in it is killed and the
group removed. Where no group can be made (no cgroup v1 memory controller or v2 memory
delegation, not root), the limit is simulated as before: a fake cgroup folder the grader
reads through FC_NETS_CGROUP_ROOT and RLIMIT_AS on every process; cgroup.real says which,
and a warning says so.
"""
import contextlib
import itertools
import os
import resource
import signal
import time
import warnings
from pathlib import Path

from hangs import fake_cgroup

from autograder.grading.limits import CGROUP_ROOT_VARIABLE

ROOT = Path("/sys/fs/cgroup")
_names = itertools.count()


def own_memory_cgroup():
    """(folder of this process's memory cgroup, "v1" or "v2"), or (None, None)."""
    try:
        lines = Path("/proc/self/cgroup").read_text().splitlines()
    except OSError:
        return None, None
    for line in lines:
        hierarchy, controllers, path = (line.split(":", 2) + ["", ""])[:3]
        if "memory" in controllers.split(",") and (ROOT / "memory").is_dir():
            return ROOT / "memory" / path.lstrip("/"), "v1"
    for line in lines:
        if line.startswith("0::") and (ROOT / "cgroup.controllers").is_file():
            return ROOT / line[3:].lstrip("/"), "v2"
    return None, None


class MemoryCgroup:
    def __init__(self, megabytes, tmp):
        self.megabytes, self.real, self.folder, self.env = megabytes, False, None, {}
        parent, version = own_memory_cgroup()
        if parent is not None and os.geteuid() == 0:
            folder = parent / f"fc_nets_test_{os.getpid()}_{next(_names)}"
            try:
                folder.mkdir()
                limit = str(megabytes * 2**20)
                if version == "v1":
                    (folder / "memory.limit_in_bytes").write_text(limit)
                    if (folder / "memory.memsw.limit_in_bytes").is_file():  # no swapping out past the limit
                        (folder / "memory.memsw.limit_in_bytes").write_text(limit)
                else:
                    (folder / "memory.max").write_text(limit)
                    (folder / "memory.swap.max").write_text("0")
                self.folder, self.version, self.real = folder, version, True
            except OSError as exc:
                with contextlib.suppress(OSError):
                    folder.rmdir()
                warnings.warn(f"no memory cgroup could be made ({exc}): the limit of {megabytes} MB is simulated")
        else:
            warnings.warn(f"no memory cgroup can be made here: the limit of {megabytes} MB is simulated")
        if not self.real:
            self.env = {CGROUP_ROOT_VARIABLE: str(fake_cgroup(tmp, limit=str(megabytes * 2**20)))}

    def enter(self):
        """A preexec_fn: the starting process joins the group (or, simulated, gets the limit as RLIMIT_AS)."""
        if self.real:
            (self.folder / "cgroup.procs").write_text(str(os.getpid()))
        else:
            resource.setrlimit(resource.RLIMIT_AS, (self.megabytes * 2**20,) * 2)

    def peak_mb(self):
        """The most memory the group held at once (None where simulated or not reported)."""
        if not self.real:
            return None
        name = "memory.max_usage_in_bytes" if self.version == "v1" else "memory.peak"
        with contextlib.suppress(OSError, ValueError):
            return int((self.folder / name).read_text()) / 2**20
        return None

    def close(self):
        if not self.real:
            return
        for _ in range(50):
            pids = [int(pid) for pid in (self.folder / "cgroup.procs").read_text().split()]
            for pid in pids:
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGKILL)
            try:
                self.folder.rmdir()
                return
            except OSError:
                time.sleep(0.1)
        warnings.warn(f"could not remove the memory cgroup {self.folder}")


@contextlib.contextmanager
def memory_cgroup(megabytes, tmp):
    """A MemoryCgroup of megabytes (tmp: a folder for the simulated one's files)."""
    cgroup = MemoryCgroup(megabytes, Path(tmp))
    try:
        yield cgroup
    finally:
        cgroup.close()
