"""The sandbox's supervisor: runs the parts' processes one after another.

    python -I -c BOOT PART [PART ...]      (protocol.BOOT, in the sandbox's folder)

This process never runs student code. It imports numpy once (and maps the grader's copy of the data when a part
replays logs), then forks one process per part, in order (run_child). The part's process takes a process group of
its own, its own CPU limit, output files and time limit, and confines itself further (child.confine: Landlock,
stacked on the sandbox's rules, and where the supervisor is root the sandbox's unprivileged uid): it may write only
out/PART/ and tmp/PART/, and read only its own inputs and probes, the student's package and the logs. A crash, a
hang or a memory bomb in one part ends that process only; the supervisor kills what is left of it (processes it
started, also those that left its process group) and goes on with the next part. If a part's time limit would eat
into the time the later parts are sure to get, it is cut (time_for); a part that cannot start in time is not run.
"""
import contextlib
import ctypes
import faulthandler
import json
import os
import select
import signal
import sys
import time
import traceback

from . import hangs, isolation, replay
from .child import confine, enter, run_probes
from .confinement import landlock_abi
from .protocol import HERE, ISOLATION_FILE, ORACLE_FDS_VARIABLE, PLAN, READY, RUNNING, STATUS, STUCK_DUMP, read_tail

UID = None  # the sandbox's unprivileged uid (and gid), where the supervisor runs as root


def isolate(plan):
    """Before any part: where the supervisor is root, choose the sandbox's uid and give the sandbox to root and that
    uid's group; then check, in a child confined as a part's, which of the grader's sensitive paths (plan["guarded"])
    it can read and which of plan["unwritable"] it can write. The record goes to ISOLATION_FILE for the grader."""
    global UID
    namespace = json.loads(os.environ.get(isolation.ENV_NAMESPACE) or "{}")
    record = {"landlock": landlock_abi(), "uid": None, "root": isolation.is_root(),
              "private_root": namespace.get("private_root", False), "private_network": namespace.get("network", False),
              "namespace_problem": namespace.get("problem", "")}
    if isolation.is_root():
        UID, record["uid_note"] = isolation.sandbox_ids(os.getpid())
        isolation.share_with_group(HERE, UID)
        # Only the supervisor reads the plan; a part reads its own inputs and probes only (run_child).
        for path in [PLAN, *(os.path.join(folder, name) for folder in ("inputs", "probes")
                                    for name in os.listdir(folder))]:
            os.chmod(path, 0o600)
    kept = [HERE, *plan["read_only"]]  # what the sandbox may reach
    samples = isolation.sample(plan.get("guarded", {}), skip=kept)
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(read)
        try:
            os.setpgid(0, 0)
            fds = enter([], [], UID)
            result = {"reachable": isolation.reachable(samples, plan.get("unwritable", {}), fds, kept)}
        except BaseException as exc:  # noqa: BLE001 (the check must never return into the supervisor)
            result = {"error": f"{type(exc).__name__}: {exc}"}
        try:
            os.write(write, json.dumps(result).encode())
        finally:
            os._exit(0)
    os.close(write)
    with os.fdopen(read, "rb") as f:
        answer = f.read(1_000_000)
    os.waitpid(pid, 0)
    if UID is not None:
        isolation.kill_uid(UID)
    try:
        result = json.loads(answer)
    except ValueError:
        result = {"error": "the isolation check ended without an answer"}
    if "error" in result and UID is not None:  # the kernel refused the uid: the parts run without it
        record["why"] = f"the sandbox uid {UID} could not be used ({result['error']})"
        UID = None
    record.update(uid=UID, reachable=result.get("reachable", []), check_error=result.get("error", ""))
    fd = os.open(ISOLATION_FILE, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w") as f:
        json.dump(record, f)


def run_child(part, plan, limit):
    """Fork the part's process, wait for it within its time limit (seconds), kill what is left; return its status."""

    own = [os.path.join("inputs", part + ".npz"), os.path.join("probes", part + ".py")]
    for folder in (os.path.join("out", part), os.path.join("tmp", part)):
        os.makedirs(folder, exist_ok=True)
        if UID is not None:  # the only folders the part's uid may write
            isolation.hand_over(folder, UID)
    for path in own if UID is not None else ():
        with contextlib.suppress(FileNotFoundError):
            os.chmod(path, 0o640)  # readable by the sandbox's group while the part runs
    # Opened here, where no part may write: the child's stack goes there just before its time limit.
    dump = os.open(STUCK_DUMP.format(part), os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    # The child writes READY here once its own set-up is done, before any student code runs: a child that ends
    # without it failed in the grader's code (a grader fault); at its end it writes its peak virtual memory.
    report_r, report_w = os.pipe()
    start_vm_kb = virtual_memory_kb("VmSize")  # the child starts with the supervisor's address space
    sys.stdout.flush()
    sys.stderr.flush()
    start = time.monotonic()
    deadline = start + limit
    pid = os.fork()
    if pid == 0:
        code = 70
        try:
            os.close(report_r)
            os.setpgid(0, 0)
            if LIBC:  # if the supervisor is killed, the part goes with it
                LIBC.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
            # From a thread of its own: it works whatever student code does with signals, and even while it runs C.
            faulthandler.dump_traceback_later(max(0.05, deadline - hangs.DUMP_BEFORE_DEADLINE - time.monotonic()), file=dump)
            confine(part, plan, limit, UID)
            if hangs.STUCK:
                sys.meta_path.insert(0, hangs.KnownHangs)
            os.write(report_w, READY)
            run_probes(part)
            code = 0
        except BaseException:  # noqa: BLE001 (the child must never return into the supervisor)
            traceback.print_exc()
        finally:
            try:
                sys.stdout.flush()
                sys.stderr.flush()
                os.write(report_w, f"{virtual_memory_kb()}".encode())
            finally:
                os._exit(code)
    os.close(dump)
    os.close(report_w)
    with contextlib.suppress(OSError):
        os.setpgid(pid, pid)  # also here: no race with the child's own call
    with open(RUNNING, "w") as f:  # where no part may write: the grader kills this group if the supervisor dies
        f.write(str(pid))
    returncode, timed_out, usage = wait_child(pid, deadline)
    kill_leftovers(pid)  # after this nothing holds the report pipe open
    if UID is not None:  # whatever still runs as the uid, then its folders back to root: no later part changes them
        isolation.kill_uid(UID)
        for folder in (os.path.join("out", part), os.path.join("tmp", part)):
            isolation.take_back(folder)
        for path in own:
            with contextlib.suppress(FileNotFoundError):
                os.chmod(path, 0o600)
    os.remove(RUNNING)
    os.set_blocking(report_r, False)
    try:
        report = os.read(report_r, 100)
    except BlockingIOError:
        report = b""
    os.close(report_r)
    status = {"returncode": returncode, "timed_out": timed_out, "seconds": round(time.monotonic() - start, 3),
              "limit": round(limit, 1), "cut_by_deadline": limit < plan["timeouts"][part],
              "peak_rss_mb": round(usage.ru_maxrss / 1024, 1) if usage else None}
    if report.startswith(READY) and report[len(READY):].isdigit():  # what the part's own code added to it
        status["added_vm_mb"] = round(max(0, int(report[len(READY):]) - start_vm_kb) / 1024, 1)
    status["start_vm_mb"] = round(start_vm_kb / 1024, 1)
    if not report.startswith(READY):
        tail = [line.strip() for line in read_tail(os.path.join("out", part, "stderr.txt"), 4000).splitlines()
                if line.strip()][-2:]
        status["grader_fault"] = ("the grader could not prepare this part's process" +
                                  (f" ({' | '.join(tail)[:400]})" if tail else f" (exit code {returncode})"))
    stuck = hangs.record_stuck(part, limit, plan["student_files"]) if timed_out else None
    if stuck:
        status.update({f"stuck_{key}": value for key, value in stuck.items() if key not in ("part", "seconds")})
    return status


def time_for(part, later, plan):
    """Seconds the part may run: its time limit, cut so that every later part keeps the time it is sure to get
    (plan["reserves"]) before the deadline of all parts; None if not even its own sure time is left."""
    left = plan["deadline"] - time.monotonic()
    if left < plan["reserves"][part]:
        return None
    kept = sum(plan["reserves"][name] for name in later)
    return min(plan["timeouts"][part], max(plan["reserves"][part], left - kept))


def wait_child(pid, deadline):
    """(exit code, negative for a signal; timed out; its resource usage or None): the child is killed at the
    deadline."""
    try:
        ready = os.pidfd_open(pid)
    except (AttributeError, OSError):
        ready = None
    try:
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                return os.waitstatus_to_exitcode(status), False, usage
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                with contextlib.suppress(OSError):
                    os.killpg(pid, signal.SIGKILL)
                _, status, usage = os.wait4(pid, 0)
                return os.waitstatus_to_exitcode(status), True, usage
            if ready is not None:
                select.select([ready], [], [], remaining)
            else:
                time.sleep(min(remaining, 0.01))
    finally:
        if ready is not None:
            os.close(ready)


def virtual_memory_kb(field="VmPeak"):
    """VmPeak (or another Vm field) of this process: its address space, which its memory limit bounds; 0 where /proc
    does not say."""
    with contextlib.suppress(OSError, ValueError):
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    return 0


PR_SET_PDEATHSIG, PR_SET_CHILD_SUBREAPER = 1, 36


LIBC = ctypes.CDLL(None) if sys.platform.startswith("linux") else None


def kill_leftovers(pid):
    """Kill the part's process group, and every process the part started that left it: as the supervisor is a
    subreaper, they became its children when their parents ended."""
    with contextlib.suppress(OSError):
        os.killpg(pid, signal.SIGKILL)
    for _ in range(100):
        children = _children()
        if not children:
            break
        for child in children:
            with contextlib.suppress(OSError):
                os.kill(child, signal.SIGKILL)
        for child in children:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(child, 0)


def _children():
    me = str(os.getpid())
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    stat = f.read()
            except OSError:
                continue
            if stat[stat.rindex(")") + 2:].split()[1] == me:
                found.append(int(entry))
    return found


def main(parts):
    with open(PLAN) as f:
        plan = json.load(f)
    plan["oracle_fds"] = json.loads(os.environ.get(ORACLE_FDS_VARIABLE, "{}"))
    if LIBC:
        LIBC.prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0)
    data_fault = ""
    if plan.get("data_file"):
        try:
            replay.load_data(plan["data_file"], plan["images_file"])  # once, shared with the children
        except BaseException as exc:  # noqa: BLE001 (the parts that need no data are graded all the same)
            data_fault = ("the grader ran out of memory while loading its own copy of the data"
                          if isinstance(exc, MemoryError) else "the grader could not load its own copy of the data"
                          ) + f" ({type(exc).__name__}: {str(exc)[:300]})"
    hangs.load_stuck()
    isolate(plan)
    for number, part in enumerate(parts):
        limit = time_for(part, parts[number + 1:], plan)
        if limit is None:
            status = {"returncode": 0, "timed_out": False, "seconds": 0, "not_run": "deadline"}
        elif data_fault and part in plan["data_parts"]:
            status = {"returncode": 0, "timed_out": False, "seconds": 0, "grader_fault": data_fault}
        else:
            status = run_child(part, plan, limit)
        os.makedirs(os.path.join("out", part), exist_ok=True)
        path = os.path.join("out", part, STATUS)
        with contextlib.suppress(FileNotFoundError):
            os.remove(path)  # whatever the child left there
        with open(path, "w") as f:
            json.dump(status, f)
        for fd in plan["oracle_fds"].pop(part, ()):  # the grader sees the channel end, even mid-message
            os.close(fd)
