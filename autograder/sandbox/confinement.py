"""Confine a process before it runs student code: resource limits, Landlock, a private root.

    python autograder/sandbox/confinement.py --rw DIR [--ro PATH ...] [--bind-port N ...] [--private-root]
                                             [--private-network] [--memory-mb N] [--cpu-seconds N] -- COMMAND ...

applies the limits to itself and then executes COMMAND, which inherits them:

- memory (RLIMIT_AS), CPU time, file size, open files, no core dumps;
- with Linux Landlock (kernel 5.13+, no privileges needed), the file system is
  reduced to what Python needs (read-only) plus the --rw folders: the course
  folder, source/, autograder/ (hidden tests, reference logs), the gradebook and
  other submissions are out of reach; with Landlock ABI 4+ TCP connections are
  refused and only --bind-port ports can be bound; with ABI 6+ the process
  cannot signal processes outside the sandbox;
- run as root, with --private-root, in a private mount namespace whose root
  holds only what the Landlock rules allow (the same list: the interpreter,
  the system's libraries, the --ro and --rw paths); with --private-network
  without a network (isolation.py).

Without Landlock (other operating systems, old kernels, some containers) the
resource limits apply, and where the grader is root each part's process runs
student code as an unprivileged uid of the sandbox's own (isolation.py). The
grader starts a submission's sandbox through this launcher
(autograder/grading/sandboxes.py), whose part processes confine themselves
further with restrict_self and their own limits (child.py);
autograder/course/notebooks.py starts Jupyter kernels (nbgrader autograde) the
same way. It needs only the standard library.
"""
import argparse
import ctypes
import json
import os
import resource
import sys

if __package__:  # imported as a package; run as the launcher script, isolation.py lies next to it
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
    parser = argparse.ArgumentParser(prog="autograder/sandbox/confinement.py", description=__doc__.split("\n\n")[0])
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


if __name__ == "__main__":
    main()
