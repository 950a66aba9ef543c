"""Run untrusted student code with resource limits and without access to grader files.

    python autograder/sandbox.py --rw DIR [--ro PATH ...] [--bind-port N ...] [--private-root]
                                 [--private-network] [--memory-mb N] [--cpu-seconds N] -- COMMAND ...

applies the limits to itself and then executes COMMAND, which inherits them:

- memory (RLIMIT_AS), CPU time, file size, open files, no core dumps;
- with Linux Landlock (kernel 5.13+, no privileges needed), the file system is
  reduced to what Python needs (read-only) plus the --rw folders: the course
  folder, source/, autograder/ (hidden tests, reference logs), the gradebook and
  other submissions are out of reach; with Landlock ABI 4+ TCP connections are
  refused and only --bind-port ports can be bound; with ABI 6+ the process
  cannot signal processes outside the sandbox.

- run as root, with --private-root, in a private mount namespace whose root
  holds only what the Landlock rules allow (the same list: the interpreter,
  the system's libraries, the --ro and --rw paths); with --private-network
  without a network (isolation.py).

Without Landlock (other operating systems, old kernels, some containers) the
resource limits apply, and where the grader is root the probe runner runs student
code as an unprivileged uid of the sandbox's own (isolation.py). `run_sandboxed` is the Python
entry point the grader uses for a submission's probes (probe_runner.py then
confines each part's process further with restrict_self and its own limits);
notebooks.SandboxedKernelManager starts Jupyter kernels (nbgrader autograde) the
same way.
"""
import argparse
import ctypes
import errno
import json
import os
import resource
import signal
import stat
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

if __package__:  # autograder.sandbox; run as a script, or copied into the sandbox, isolation.py lies next to it
    from . import isolation
else:
    import isolation

# Landlock user-space ABI (include/uapi/linux/landlock.h); syscall numbers are the
# same on every architecture.
SYS_CREATE_RULESET, SYS_ADD_RULE, SYS_RESTRICT_SELF = 444, 445, 446
CREATE_RULESET_VERSION = 1
RULE_PATH_BENEATH, RULE_NET_PORT = 1, 2
PR_SET_NO_NEW_PRIVS = 38
FS_EXECUTE, FS_WRITE_FILE, FS_READ_FILE, FS_READ_DIR = 1 << 0, 1 << 1, 1 << 2, 1 << 3
FS_TRUNCATE, FS_IOCTL_DEV = 1 << 14, 1 << 15
FS_BITS_BY_ABI = {1: (1 << 13) - 1, 2: (1 << 14) - 1, 3: (1 << 15) - 1, 4: (1 << 15) - 1, 5: (1 << 16) - 1}
NET_BIND_TCP, NET_CONNECT_TCP = 1 << 0, 1 << 1
SCOPE_ABSTRACT_UNIX_SOCKET, SCOPE_SIGNAL = 1 << 0, 1 << 1

FILE_RIGHTS = FS_EXECUTE | FS_WRITE_FILE | FS_READ_FILE | FS_TRUNCATE | FS_IOCTL_DEV
READ_RIGHTS = FS_EXECUTE | FS_READ_FILE | FS_READ_DIR

# What Python, numpy and a Jupyter kernel need to read, besides the interpreter's prefixes.
SYSTEM_READ_ONLY = [
    "/usr", "/lib", "/lib64", "/lib32", "/bin", "/sbin", "/etc/ld.so.cache", "/etc/localtime",
    "/etc/nsswitch.conf", "/etc/passwd", "/etc/group", "/etc/hosts", "/etc/ssl", "/etc/alternatives",
    "/dev/urandom", "/dev/random", "/dev/zero", "/sys/devices/system/cpu", "/proc",
]
DEVICES_READ_WRITE = ["/dev/null"]


# This file run as a script: it needs only the standard library, so it works whether
# or not the kit is installed.
LAUNCHER = [sys.executable, os.path.abspath(__file__)]


class LandlockUnavailable(OSError):
    pass


def landlock_abi():
    """The Landlock ABI version of this kernel, or 0 when it is unavailable."""
    if not sys.platform.startswith("linux"):
        return 0
    libc = ctypes.CDLL(None, use_errno=True)
    version = libc.syscall(SYS_CREATE_RULESET, None, ctypes.c_size_t(0), ctypes.c_uint32(CREATE_RULESET_VERSION))
    return max(int(version), 0)


class _PathBeneath(ctypes.Structure):
    _pack_ = 1
    _fields_ = [("allowed_access", ctypes.c_uint64), ("parent_fd", ctypes.c_int32)]


class _NetPort(ctypes.Structure):
    _fields_ = [("allowed_access", ctypes.c_uint64), ("port", ctypes.c_uint64)]


def interpreter_paths():
    """Folders holding this Python and its packages (read-only in the sandbox)."""
    paths = {sys.base_prefix, sys.prefix, sys.exec_prefix, os.path.dirname(os.path.realpath(sys.executable))}
    return sorted(os.path.realpath(p) for p in paths)


def restrict_self(read_only, read_write, bind_ports=()):
    """Confine this process (and whatever it executes) with Landlock."""
    abi = landlock_abi()
    if abi <= 0:
        raise LandlockUnavailable("Landlock is not available on this system")
    libc = ctypes.CDLL(None, use_errno=True)
    handled_fs = FS_BITS_BY_ABI.get(abi, FS_BITS_BY_ABI[5])
    fields = [handled_fs]
    if abi >= 4:
        fields.append(NET_BIND_TCP | NET_CONNECT_TCP)
    if abi >= 6:
        fields.append(SCOPE_ABSTRACT_UNIX_SOCKET | SCOPE_SIGNAL)
    attr = (ctypes.c_uint64 * len(fields))(*fields)
    ruleset = libc.syscall(SYS_CREATE_RULESET, ctypes.byref(attr), ctypes.c_size_t(ctypes.sizeof(attr)), ctypes.c_uint32(0))
    if ruleset < 0:
        raise LandlockUnavailable(f"landlock_create_ruleset failed: {os.strerror(ctypes.get_errno())}")
    try:
        def allow(path, rights):
            try:
                fd = os.open(path, os.O_PATH | os.O_CLOEXEC)
            except FileNotFoundError:
                return
            try:
                if not os.path.isdir(path):
                    rights &= FILE_RIGHTS
                rule = _PathBeneath(rights & handled_fs, fd)
                if libc.syscall(SYS_ADD_RULE, ruleset, RULE_PATH_BENEATH, ctypes.byref(rule), ctypes.c_uint32(0)) < 0:
                    raise OSError(ctypes.get_errno(), f"landlock_add_rule({path})")
            finally:
                os.close(fd)

        for path in read_only:
            allow(path, READ_RIGHTS)
        for path in read_write:
            allow(path, handled_fs)
        if abi >= 4:
            for port in bind_ports:
                rule = _NetPort(NET_BIND_TCP, int(port))
                if libc.syscall(SYS_ADD_RULE, ruleset, RULE_NET_PORT, ctypes.byref(rule), ctypes.c_uint32(0)) < 0:
                    raise OSError(ctypes.get_errno(), f"landlock_add_rule(port {port})")
        if libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
        if libc.syscall(SYS_RESTRICT_SELF, ruleset, ctypes.c_uint32(0)) != 0:
            raise OSError(ctypes.get_errno(), "landlock_restrict_self")
    finally:
        os.close(ruleset)
    return abi


FILE_LIMIT_MB = 256


def limit_resources(memory_mb, cpu_seconds, file_mb=FILE_LIMIT_MB, open_files=256):
    memory = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))
    resource.setrlimit(resource.RLIMIT_FSIZE, (file_mb * 1024 * 1024,) * 2)
    resource.setrlimit(resource.RLIMIT_NOFILE, (open_files, open_files))
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))


def main(argv=None):
    parser = argparse.ArgumentParser(prog="autograder/sandbox.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--rw", action="append", default=[], help="folder the command may read and write")
    parser.add_argument("--ro", action="append", default=[], help="extra file or folder it may read")
    parser.add_argument("--bind-port", action="append", default=[], type=int)
    parser.add_argument("--private-root", action="store_true", help="a root holding only what the rules allow, "
                                                                     "where a mount namespace is allowed")
    parser.add_argument("--private-network", action="store_true", help="no network, where a namespace is allowed")
    parser.add_argument("--memory-mb", type=int, required=True)
    parser.add_argument("--cpu-seconds", type=int, required=True)
    parser.add_argument("command", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no command given")

    limit_resources(args.memory_mb, args.cpu_seconds)
    read_only = interpreter_paths() + SYSTEM_READ_ONLY + args.ro
    if args.private_root:
        namespace = isolation.private_root(read_only, args.rw + DEVICES_READ_WRITE, network=args.private_network)
        os.environ[isolation.ENV_NAMESPACE] = json.dumps(namespace)
    try:
        restrict_self(read_only, args.rw + DEVICES_READ_WRITE, args.bind_port)
    except LandlockUnavailable as exc:
        print(f"[sandbox] WARNING: {exc}; running with resource limits only", file=sys.stderr)
    os.execvp(command[0], command)


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


def read_tail(path, limit=20_000):
    """The end of an output file that sandboxed code wrote ('' if it is missing, or not a regular file)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    except OSError:
        return ""
    with os.fdopen(fd, "rb") as f:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            return ""
        size = os.fstat(fd).st_size
        f.seek(max(0, size - limit))
        text = f.read().decode("utf-8", errors="replace")
    return ("[... output cut ...]\n" + text) if size > limit else text


def run_sandboxed(command, workdir, timeout, memory_mb, oracles=None, read_only=(), private=False):
    """Run command confined to workdir (read-write); return a SandboxResult, and {part: refusal} from the oracles.

    The whole process group is killed when the wall-clock timeout expires.
    Output goes to files in workdir, so a flood of prints cannot block or exhaust the grader.
    oracles: {part: autograder.oracle.Oracle} that answer requests for correct layers while the command runs,
    each through two pipes of its own, whose ends the command finds in FC_NETS_ORACLE_FDS
    (JSON: {part: [requests fd, responses fd]}).
    read_only: files (outside workdir) the command may read, such as the grader's copy of the data.
    private: where the grader may (root with a mount namespace), in a root holding only what the rules allow, and
    without a network.
    """
    from autograder.layout import ONE_BLAS_THREAD  # here: this file also runs as a script, without the kit
    from autograder.oracle import serve

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
    sandbox_env["FC_NETS_ORACLE_FDS"] = json.dumps({part: [req[1], resp[0]] for part, (req, resp) in pipes.items()})
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


if __name__ == "__main__":
    main()

