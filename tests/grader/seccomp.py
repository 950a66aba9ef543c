"""A machine without Landlock, made by the tests: a seccomp filter that fails Landlock's system calls.

Installed in a process before the grader starts (preexec_fn), it is inherited by everything that process starts and
cannot be removed, as in a container whose seccomp profile does not know Landlock (Docker before moby/moby#43199):
landlock_create_ruleset, landlock_add_rule and landlock_restrict_self (444, 445, 446 on every architecture) fail
with ENOSYS, so the grader finds Landlock missing (sandbox.landlock_abi() == 0). With unshare=True, unshare(2) fails
with EPERM too, as under Docker's default profile without CAP_SYS_ADMIN: no private mount namespace either.
A classic BPF program loaded with prctl(PR_SET_SECCOMP), through ctypes: no package needed.
"""
import ctypes
import errno
import platform

PR_SET_SECCOMP, SECCOMP_MODE_FILTER = 22, 2
SECCOMP_RET_ALLOW, SECCOMP_RET_ERRNO = 0x7FFF0000, 0x00050000
BPF_LD_W_ABS, BPF_JMP_JEQ_K, BPF_RET_K = 0x20, 0x15, 0x06
LANDLOCK_CALLS = (444, 445, 446)
UNSHARE = {"x86_64": 272, "aarch64": 97}


class SockFilter(ctypes.Structure):
    _fields_ = [("code", ctypes.c_uint16), ("jt", ctypes.c_uint8), ("jf", ctypes.c_uint8), ("k", ctypes.c_uint32)]


class SockFprog(ctypes.Structure):
    _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.POINTER(SockFilter))]


def program(unshare=False):
    """The filter: [(system call number, errno)] failed, everything else allowed."""
    failed = [(number, errno.ENOSYS) for number in LANDLOCK_CALLS]
    if unshare:
        failed.append((UNSHARE[platform.machine()], errno.EPERM))
    code = [SockFilter(BPF_LD_W_ABS, 0, 0, 0)]  # seccomp_data.nr
    for number, _ in failed:
        # Test i jumps to return i: past the n - 1 - i later tests, the allow and the i earlier returns, so n ahead.
        code.append(SockFilter(BPF_JMP_JEQ_K, len(failed), 0, number))
    code.append(SockFilter(BPF_RET_K, 0, 0, SECCOMP_RET_ALLOW))
    code += [SockFilter(BPF_RET_K, 0, 0, SECCOMP_RET_ERRNO | error) for _, error in failed]
    return code


def without_landlock(unshare=False):
    """A preexec_fn: the process started, and all it starts, run without Landlock (and with unshare=True without
    namespaces)."""
    def install():
        code = program(unshare)
        filters = (SockFilter * len(code))(*code)
        prog = SockFprog(len(code), ctypes.cast(filters, ctypes.POINTER(SockFilter)))
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(PR_SET_SECCOMP, SECCOMP_MODE_FILTER, ctypes.byref(prog), 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_SET_SECCOMP)")
    return install
