"""Defence in depth for sandboxed student code, besides Landlock: an unprivileged uid and a private mount namespace.

Landlock (confinement.py) is missing on kernels before 5.13 and in containers whose seccomp profile blocks its system
calls. Where the grader runs as root (Gradescope, most containers), each part's process therefore also gives up
root before student code runs (drop_privileges): a uid and gid of its sandbox's own, derived from the sandbox
supervisor's pid (sandbox_ids), so two gradings at once never share one; no supplementary groups; no new privileges.
That uid owns nothing but the part's out/ and tmp/ folders while the part runs; the rest of the sandbox belongs
to root and is readable by the sandbox's gid only, so other sandboxes' uids cannot read it. It cannot signal or
ptrace the grader, the supervisor or another sandbox, and every process it left behind is killed (kill_uid).

An unprivileged uid can still read whatever is readable by "others": a clone of the kit at a world-readable path,
a course folder unpacked with umask 022. Where the grader may (root with CAP_SYS_ADMIN), the sandbox therefore runs
in a private mount namespace whose root holds only what Landlock would let it read and write: the interpreter, the
system's libraries, the sandbox and the files it may read (private_root); the grader's files, and any other copy
of them on the machine, are not there. Before student code runs, a forked check that confines itself and drops
privileges exactly as a part's process does tries the grader's sensitive paths (reachable): what it can read, list
or write is reported with the command that fixes it (describe).

The interpreter: a uid without access to the interpreter's folders (a Python under /root, mode 0700) still imports
the standard library and site-packages through directory descriptors opened before the drop, reached as
/proc/self/fd/N (a process may always follow its own descriptors, dumpable or not): reroute_imports rewrites
sys.path and the packages' __path__ to them.

This module needs only the standard library (the launcher, confinement.py, imports it as a script).
"""
import contextlib
import ctypes
import errno
import json
import os
import signal
import stat
import sys

# uids and gids of sandboxes: FIRST_ID + the supervisor's pid, far above any real user's (and below 2**31).
FIRST_ID = 0x70000000
PR_SET_NO_NEW_PRIVS = 38
CLONE_NEWNS, CLONE_NEWNET = 0x00020000, 0x40000000
MS_RDONLY, MS_NOSUID, MS_NODEV, MS_NOEXEC = 1, 2, 4, 8
MS_REMOUNT, MS_BIND, MS_REC, MS_PRIVATE = 32, 4096, 16384, 1 << 18
MAX_PROCESSES = 256  # RLIMIT_NPROC of the sandbox's uid: a fork bomb stays within its part
SAMPLE_FILES = 400  # files per sensitive path that the check tries to read
ENV_NAMESPACE = "FC_NETS_NAMESPACE"  # whether the launcher made a private root, for the supervisor (JSON)

_libc = ctypes.CDLL(None, use_errno=True) if sys.platform.startswith("linux") else None


def is_root():
    return sys.platform.startswith("linux") and os.geteuid() == 0


def _mapped_uid_ranges():
    """[(first, count)] of the uids this user namespace maps (all of them outside a container)."""
    try:
        with open("/proc/self/uid_map") as f:
            return [(int(line.split()[0]), int(line.split()[2])) for line in f if line.strip()]
    except (OSError, ValueError, IndexError):
        return [(0, 2**32 - 1)]


def sandbox_ids(pid):
    """(uid, note) for the sandbox whose supervisor has this pid; the gid has the same number. The note is '' unless
    the user namespace maps too few uids for one per process id, so that two gradings at once may share one."""
    try:
        with open("/proc/sys/kernel/pid_max") as f:
            pid_max = int(f.read())
    except (OSError, ValueError):
        pid_max = 4_194_304
    ranges = _mapped_uid_ranges()
    if any(first <= FIRST_ID and FIRST_ID + pid_max <= first + count for first, count in ranges):
        return FIRST_ID + pid, ""
    first, count = max(ranges, key=lambda r: r[1])
    low = first + min(count // 2, 10_000)  # above the image's users
    span = max(1, first + count - 1 - low)  # leaves out the last uid (often nobody)
    import pwd

    uid = low + pid % span
    for _ in range(span):
        with contextlib.suppress(KeyError):
            pwd.getpwuid(uid)
            uid = low + (uid - low + 1) % span
            continue
        break
    return uid, (f"this user namespace maps only uids {first} to {first + count - 1}, fewer than the {pid_max} "
                 f"process ids, so gradings running at the same time may share the sandbox uid {uid}")


def interpreter_dirs(prefixes):
    """The folders of sys.path that lie in the interpreter's prefixes (standard library, site-packages)."""
    prefixes = [os.path.realpath(p) for p in prefixes]
    found = []
    for entry in sys.path:
        real = os.path.realpath(entry) if entry else ""
        if real and os.path.isdir(real) and any(real == p or real.startswith(p + os.sep) for p in prefixes):
            found.append(entry)
    return found


def open_dirs(dirs):
    """{folder: descriptor}, opened now (before the drop) to be reached later as /proc/self/fd/N."""
    fds = {}
    for entry in dirs:
        with contextlib.suppress(OSError):
            fds[entry] = os.open(entry, os.O_PATH | os.O_DIRECTORY | os.O_CLOEXEC)
    return fds


def drop_privileges(uid, fds=None):
    """Become uid (and the gid of the same number) for good, with no supplementary groups and no new privileges;
    then reroute imports through fds ({folder: descriptor}) for the folders the uid cannot read. Returns
    {folder: descriptor} of those (the others are closed)."""
    if _libc.prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0:
        raise OSError(ctypes.get_errno(), "prctl(PR_SET_NO_NEW_PRIVS)")
    import resource

    resource.setrlimit(resource.RLIMIT_NPROC, (MAX_PROCESSES, MAX_PROCESSES))
    os.setgroups([])
    os.setresgid(uid, uid, uid)
    os.setresuid(uid, uid, uid)
    if os.getresuid() != (uid, uid, uid) or os.getresgid() != (uid, uid, uid) or os.getgroups():
        raise OSError(errno.EPERM, "the privileges were not dropped")
    return reroute_imports(fds or {})


def reroute_imports(fds):
    """sys.path and the loaded packages' __path__ through /proc/self/fd/N for the folders of fds that this process
    cannot read any more; the descriptors of the others are closed. Returns {folder: descriptor} of the first."""
    routes, kept = {}, {}
    for folder, fd in fds.items():
        if os.access(folder, os.R_OK | os.X_OK):
            os.close(fd)
        else:
            routes[folder.rstrip(os.sep)] = f"/proc/self/fd/{fd}"
            kept[folder] = fd
    if not routes:
        return kept

    def rerouted(path):
        for folder, route in routes.items():
            if path == folder or path.startswith(folder + os.sep):
                return route + path[len(folder):]
        return path

    sys.path[:] = [rerouted(entry) if isinstance(entry, str) else entry for entry in sys.path]
    for module in list(sys.modules.values()):
        path = getattr(module, "__path__", None)
        if isinstance(path, list):
            path[:] = [rerouted(entry) if isinstance(entry, str) else entry for entry in path]
    sys.path_importer_cache.clear()
    return kept


def route_of(path, fds):
    """path as reached through one of the descriptors of fds, or None if it lies in none of their folders."""
    for folder, fd in fds.items():
        folder = os.path.realpath(folder)
        if path == folder or path.startswith(folder + os.sep):
            return f"/proc/self/fd/{fd}" + path[len(folder):]
    return None


# --------------------------------------------------------------------- the sandbox's files and processes
def share_with_group(root, gid, skip=()):
    """The sandbox's tree owned by root and readable by its gid only (folders 0750, files 0640); skip: file names
    left as they are."""
    for folder, dirs, files in os.walk(root):
        os.lchown(folder, 0, gid)
        os.chmod(folder, 0o750)
        for name in files:
            path = os.path.join(folder, name)
            if name in skip or os.path.islink(path):
                continue
            os.lchown(path, 0, gid)
            os.chmod(path, 0o640)


def hand_over(folder, uid):
    """folder (made by root) owned by the sandbox's uid for one part."""
    os.lchown(folder, uid, uid)
    os.chmod(folder, 0o700)


def take_back(folder):
    """After a part: everything in folder owned by root again and writable by root only, so that no later part
    (with the same uid) can change it; hard links removed (a name for a file elsewhere that the grader must not
    read through)."""
    for parent, dirs, files in os.walk(folder):
        for name in [*dirs, *files]:
            path = os.path.join(parent, name)
            with contextlib.suppress(OSError):
                info = os.lstat(path)
                if stat.S_ISREG(info.st_mode) and info.st_nlink > 1:
                    os.unlink(path)
                    continue
                os.lchown(path, 0, 0)
                if not stat.S_ISLNK(info.st_mode):
                    os.chmod(path, stat.S_IMODE(info.st_mode) & 0o755)
    with contextlib.suppress(OSError):
        os.lchown(folder, 0, 0)
        os.chmod(folder, 0o755)


def processes_of(uid):
    """Pids of the processes whose real, effective or saved uid is uid."""
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, ValueError, IndexError):
                with open(f"/proc/{entry}/status") as f:
                    for line in f:
                        if line.startswith("Uid:"):
                            if str(uid) in line.split()[1:4]:
                                found.append(int(entry))
                            break
    return found


def kill_uid(uid, rounds=20):
    """Kill every process of the sandbox's uid: a process of that uid kills them all (kill(-1) reaches exactly the
    processes of its own uid), until none is left."""
    for _ in range(rounds):
        if not processes_of(uid):
            return
        pid = os.fork()
        if pid == 0:
            try:
                os.setresgid(uid, uid, uid)
                os.setresuid(uid, uid, uid)
                os.kill(-1, signal.SIGKILL)
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        # Reap those that were our own children (the supervisor is their subreaper).
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass


# --------------------------------------------------------------------- a private root
def _mount(source, target, fstype, flags, data=None):
    encode = (lambda value: value.encode() if isinstance(value, str) else value)
    if _libc.mount(encode(source), encode(target), encode(fstype), ctypes.c_ulong(flags), encode(data)) != 0:
        number = ctypes.get_errno()
        raise OSError(number, f"mount {target}: {os.strerror(number)}")


def _within(path, folder):
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


# statvfs flags that mount(2) takes back unchanged with MS_REMOUNT (ST_RELATIME is MS_RELATIME's 1 << 21)
_KEPT_FLAGS = 1 | 2 | 4 | 8 | 16 | 1024 | 2048


def private_root(read_only, read_write, network=False):
    """Unshare the mount namespace (with network=True also the network: no interface but a loopback that is down)
    and change root to a new, read-only tmpfs that holds only the paths of read_only (mounted read-only) and
    read_write, at their own paths: the Landlock rules' list, as a file system. Everything else, the grader's
    files and any other copy of them on the machine included, is not there. Returns {"private_root": bool,
    "network": bool, "problem": "..."}."""
    if not is_root():
        return {"private_root": False, "network": False, "problem": "the grader does not run as root"}
    network = bool(network) and _libc.unshare(CLONE_NEWNS | CLONE_NEWNET) == 0
    if not network and _libc.unshare(CLONE_NEWNS) != 0:
        number = ctypes.get_errno()
        return {"private_root": False, "network": False,
                "problem": f"a private mount namespace is not allowed here (unshare: {os.strerror(number)})"}
    cwd, new_root = os.getcwd(), "/tmp"
    try:
        _mount("none", "/", None, MS_REC | MS_PRIVATE)
        paths = {}  # path -> writable
        links = {}
        for path, writable in [*((p, False) for p in read_only), *((p, True) for p in read_write)]:
            path = os.path.abspath(path)
            if os.path.islink(path):  # /lib -> usr/lib, /etc/localtime -> /usr/share/zoneinfo/...
                links[path] = os.readlink(path)
                path = os.path.realpath(path)
            if os.path.exists(path):
                paths[path] = paths.get(path, False) or writable
        mounted = [path for path in sorted(paths) if not any(other != path and _within(path, other)
                                                            and paths[other] == paths[path] for other in paths)]
        sources = {path: os.open(path, os.O_PATH | os.O_CLOEXEC) for path in mounted}
        try:
            _mount("tmpfs", new_root, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0755,size=1m,nr_inodes=8192")
            for path in mounted:  # outer paths first, so that an inner one is mounted on top of its folder
                target = new_root + path
                if os.path.isdir(f"/proc/self/fd/{sources[path]}"):
                    os.makedirs(target, exist_ok=True)
                else:
                    os.makedirs(os.path.dirname(target), exist_ok=True)
                    if not os.path.exists(target):
                        open(target, "w").close()
                _mount(f"/proc/self/fd/{sources[path]}", target, None, MS_BIND | MS_REC)
                if not paths[path]:
                    flags = os.statvfs(target).f_flag
                    _mount("none", target, None, MS_REMOUNT | MS_BIND | MS_RDONLY | (flags & _KEPT_FLAGS)
                           | ((1 << 21) if flags & 4096 else 0))
        finally:
            for fd in sources.values():
                os.close(fd)
        for link, target in links.items():
            if not os.path.lexists(new_root + link):
                os.makedirs(os.path.dirname(new_root + link), exist_ok=True)
                os.symlink(target, new_root + link)
        _mount("none", new_root, None, MS_REMOUNT | MS_RDONLY | MS_NOSUID | MS_NODEV)
        os.chdir(new_root)
        os.chroot(".")
        os.chdir(cwd)
    except OSError as exc:
        return {"private_root": False, "network": network, "problem": f"the private root failed: {exc}"}
    return {"private_root": True, "network": network, "problem": ""}


# --------------------------------------------------------------------- what student code can reach
def sample(guarded, skip=(), limit=SAMPLE_FILES):
    """{label: [path, files below it...]}: for each sensitive path of guarded ({label: path}), the path and up to
    limit files below it, as this process (root, before the check drops privileges) finds them; skip: paths (the
    sandbox, the files the sandbox may read) left out."""
    skip = [os.path.realpath(path) for path in skip]
    found = {}
    for label, path in guarded.items():
        path = os.path.realpath(path)
        if not os.path.lexists(path):
            continue
        files = [path]
        if os.path.isdir(path):
            for folder, dirs, names in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not any(_within(os.path.join(folder, d), s) for s in skip))
                files += [os.path.join(folder, name) for name in sorted(names)[:20]
                          if not any(_within(os.path.join(folder, name), s) for s in skip)]
                if len(files) > limit:
                    break
        found[label] = files[:limit + 1]
    return found


def reachable(samples, writable, fds=None, skip=()):
    """In the check (confined and without privileges, as a part's process): [{"what", "path", "how"}] for every
    sensitive path whose folder this process can list or one of whose files it can read (also through the
    interpreter's descriptors fds), and every folder of writable ({label: path}) it can create a file in. skip: the
    paths the sandbox may read (a folder that shows nothing but the way to them is not listed)."""
    skip = [os.path.realpath(path) for path in skip]
    found = []
    for label, (path, *files) in samples.items():
        how = []
        for route, by in ((path, ""), (route_of(path, fds or {}), " through the interpreter's folder")):
            if route is None:
                continue
            if os.path.isdir(route):
                with contextlib.suppress(OSError):
                    if [name for name in os.listdir(route)
                            if not any(_within(kept, os.path.join(path, name)) for kept in skip)]:
                        how.append("listed" + by)
            for file in files or [path]:
                file_route = route + file[len(path):]
                with contextlib.suppress(OSError):
                    if not os.path.isdir(file_route):
                        with open(file_route, "rb") as f:
                            f.read(1)
                        how.append("read" + by)
                        break
        if how:
            found.append({"what": label, "path": path, "how": " and ".join(dict.fromkeys(how))})
    for label, path in writable.items():
        probe = os.path.join(path, f".fc_nets-isolation-check-{os.getpid()}")
        with contextlib.suppress(OSError):
            os.close(os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            os.unlink(probe)
            found.append({"what": label, "path": os.path.realpath(path), "how": "written"})
    return found


# --------------------------------------------------------------------- what the instructor reads
def level(isolation):
    """'strong' (Landlock or a private root, and nothing of the grader's in reach), 'uid only' (an unprivileged uid,
    nothing of the grader's in reach, but whatever any user may read is readable), 'weak' (student code could reach
    some of the grader's files), 'none' (resource limits only) or 'unknown' (no student code ran)."""
    if not isolation:
        return "unknown"
    if not isolation.get("landlock") and isolation.get("uid") is None:
        return "none"
    if isolation.get("reachable"):
        return "weak"
    return "strong" if isolation.get("landlock") or isolation.get("private_root") else "uid only"


def describe(isolation):
    """One line for the instructor: which isolation student code had, and what to do where it was weak."""
    if not isolation:
        return "Isolation: not known (no student code ran)."
    kinds = []
    if isolation.get("landlock"):
        kinds.append(f"Landlock ABI {isolation['landlock']}")
    if isolation.get("uid") is not None:
        kinds.append(f"unprivileged uid {isolation['uid']}")
    if isolation.get("private_root"):
        kinds.append("a private root holding only the interpreter, the system's libraries and the sandbox")
    if isolation.get("uid_note"):
        kinds.append(isolation["uid_note"])
    kinds = ", ".join(kinds)
    grade = level(isolation)
    if grade == "strong":
        return f"Isolation: strong ({kinds})."
    if grade == "uid only":
        return (f"Isolation: uid only ({kinds}; no Landlock and no private root here: student code can read whatever "
                "any user of this machine may read. None of the grader's files is among them; keep every other copy "
                "of the kit, the answer key and the submissions so too).")
    if grade == "weak":
        reach = isolation["reachable"]
        paths = sorted({entry["path"] for entry in reach})
        paths = [path for path in paths if not any(path != other and path.startswith(other.rstrip("/") + "/")
                                                   for other in paths)]
        what = "; ".join(f"{entry['what']} ({entry['path']}) {entry['how']}" for entry in reach)
        return (f"Isolation: WEAK ({kinds}). WARNING: student code could reach the grader's files: {what}. Fix: "
                f"chmod o-rwx {' '.join(_quoted(p) for p in paths)} (and keep every other copy of the kit, the answer "
                "key and the submissions unreadable to other users); or grade where Landlock works (Linux 5.13+) "
                "or as root where a mount namespace is allowed (see docs/isolation.md).")
    why = isolation.get("why") or "no Landlock, and the grader does not run as root"
    return ("Isolation: NONE. WARNING: student code ran with resource limits only and could read and change every "
            f"file you can ({why}): grade on Linux 5.13+ with Landlock, or as root in a container (see "
            "docs/isolation.md).")


def _quoted(path):
    import shlex

    return shlex.quote(path)


def load(path):
    """The isolation record a supervisor wrote, or {}."""
    with contextlib.suppress(OSError, ValueError):
        with open(path) as f:
            value = json.load(f)
        return value if isinstance(value, dict) else {}
    return {}
