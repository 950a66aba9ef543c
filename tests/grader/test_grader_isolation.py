"""Student code runs sandboxed: grader files, the network, other processes and the other parts are out of reach.

Every attack runs in two worlds: on this kernel, with Landlock, and on a machine without Landlock, made by a seccomp
filter that fails Landlock's system calls (seccomp.py) installed before the grader starts, as in a container whose
profile does not know them. There the grader, root here, runs student code as an unprivileged uid in a private root.
"""
import errno
import html
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import textwrap
from pathlib import Path

import pytest
from conftest import TOTAL
from seccomp import without_landlock

from autograder.course.class_report import Submission, integrity_section
from autograder.grading.grade_all import isolation_summary
from autograder.layout import REFERENCES, RELEASE, SOLUTIONS, SOURCE
from autograder.parts import PARTS
from autograder.grading.report import part_scores
from autograder.sandbox.confinement import landlock_abi

ROOT = sys.platform.startswith("linux") and os.geteuid() == 0


@pytest.fixture(params=["landlock", "no_landlock"])
def world(request):
    """"landlock": this kernel's Landlock (ABI 6+); "no_landlock": Landlock blocked, the grader root."""
    if request.param == "landlock" and landlock_abi() < 6:
        pytest.skip("needs Linux Landlock ABI 6 or newer")
    if request.param == "no_landlock" and not ROOT:
        pytest.skip("without Landlock only a grader running as root can isolate student code")
    return request.param


def in_world(world, command, **kwargs):
    """subprocess.run(command) in the world: without Landlock, behind the seccomp filter."""
    return subprocess.run(command, preexec_fn=without_landlock() if world == "no_landlock" else None,
                          capture_output=True, text=True, **kwargs)


def grade_in(world, submission, out, *options):
    """python -m autograder grade in the world; (results.json, what grade printed)."""
    run = in_world(world, [sys.executable, "-m", "autograder", "grade", str(submission), "--out", str(out), *options],
                   cwd=out.parent)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(out.read_text()), run.stdout


@pytest.fixture
def shared_folder():
    """A folder every user may read, as a course folder or a clone of the kit often is (pytest's own are 0700)."""
    folder = Path(tempfile.mkdtemp(prefix="fc_nets-isolation-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def answer_key_with(folder, code, file="deeplearning/layers.py"):
    """A copy of the answer key in folder with code added to the end of file."""
    shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("figures", "__pycache__"))
    path = folder / file
    path.write_text(path.read_text() + textwrap.dedent(code))
    return folder


def test_the_world_without_landlock_is_one_the_grader_cannot_tell_from_a_container():
    if not ROOT:
        pytest.skip("needs root")
    code = "from autograder.sandbox.confinement import landlock_abi; print(landlock_abi())"
    run = in_world("no_landlock", [sys.executable, "-c", code])
    assert run.stdout.split() == ["0"], run.stderr


# What the hostile code reports of a refusal: short, as the grader keeps 400 characters of an exception's message.
REFUSED = '''
def _refused(exc):
    return {{"PermissionError": "denied", "FileNotFoundError": "absent"}}.get(type(exc).__name__, type(exc).__name__)
'''

HOSTILE = REFUSED + '''

def dropout_forward(x, dropout_param):
    import ctypes, os, socket
    report = []
    for number, path in enumerate({reads!r}):
        try:
            with open(path, "rb") as f:
                report.append(f"READ{{number}} {{f.read(40)!r}}")
        except OSError as exc:
            report.append(f"read{{number}}={{_refused(exc)}}")
    for name, path in (("write", {canary!r}), ("results", {results!r})):
        try:
            with open(path, "w") as f:
                f.write("overwritten")
            report.append(f"WROTE {{name}}")
        except OSError as exc:
            report.append(f"{{name}}={{_refused(exc)}}")
    try:
        socket.create_connection(("127.0.0.1", {port}), timeout=2)
        report.append("CONNECTED")
    except OSError as exc:
        report.append(f"connect={{_refused(exc)}}")
    # The supervisor, the grader that started it, the test that started the grader.
    supervisor = os.getppid()
    with open(f"/proc/{{supervisor}}/status") as f:
        grader = int(next(line for line in f if line.startswith("PPid:")).split()[1])
    for name, pid in (("supervisor", supervisor), ("grader", grader), ("test", {test_pid})):
        try:
            os.kill(pid, 0)
            report.append(f"SIGNALLED {{name}}")
        except OSError as exc:
            report.append(f"{{name}}={{_refused(exc)}}")
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.ptrace(16, grader, 0, 0) == 0:  # PTRACE_ATTACH
        report.append("TRACED")
    else:
        report.append(f"ptrace={{ctypes.get_errno()}}")
    # The other parts, in the same sandbox: their inputs, their outputs.
    try:
        with open("out/affine_layer/affine.npz", "wb") as f:
            f.write(b"forged")
        report.append("FORGED")
    except OSError as exc:
        report.append(f"forge={{_refused(exc)}}")
    raise RuntimeError(" ".join(report))
'''


def test_student_code_cannot_reach_grader_files_network_or_processes(world, tmp_path, shared_folder):
    canary = tmp_path / "canary.txt"
    canary.write_text("secret canary 4242")
    out = shared_folder / "graded" / "results.json"  # a results folder others may read
    out.parent.mkdir(mode=0o755)
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    reads = [str(REFERENCES / "dropout_regularization_keep1.npz"), str(PARTS["dropout_forward"].checks_file),
             str(SOURCE / "deeplearning" / "layers.py"), str(canary), "/etc/shadow", "inputs/affine_layer.npz",
             "plan.json", str(out)]
    submission = answer_key_with(shared_folder / "fc_nets", HOSTILE.format(
        reads=reads, canary=str(canary), results=str(out), port=listener.getsockname()[1], test_pid=os.getpid()))

    results, printed = grade_in(world, submission, out, "--timeout", "30")

    report = next(t["output"] for t in results["tests"] if t.get("status") == "failed")
    for number in range(len(reads)):
        assert f"read{number}=" in report and f"READ{number}" not in report, report
    for action in ("write", "results", "connect", "supervisor", "grader", "test", "forge"):
        assert f"{action}=" in report, report  # refused (or, in a private root, not there)
    for name in ("write", "results", "supervisor", "grader", "test", "forge"):
        assert f"{name}=denied" in report or f"{name}=absent" in report, report
    assert f"ptrace={errno.EPERM}" in report, report
    assert canary.read_text() == "secret canary 4242"
    with pytest.raises(socket.timeout):
        listener.accept()
    assert "READ" not in str(results) and "secret canary" not in str(results)
    assert part_scores(results)["affine_layer"][0] == PARTS["affine_layer"].points  # its outputs were not forged
    isolation = results["extra_data"]["isolation"]
    assert isolation["landlock"] == (landlock_abi() if world == "landlock" else 0)
    assert (isolation["uid"] is not None) == ROOT and isolation["reachable"] == []
    assert printed.startswith("Isolation: strong (")  # the first line of grade


# A realistic attack (issue 30): ~20 lines added to each of layers.py, fc_net.py and optim.py of the untouched release
# that search the file system for another copy of the package whose file is implemented (the grader's reference
# package, an answer key) and run it in the student's module.
BORROW = '''

def _borrow(namespace):
    """Another copy of this package whose file is implemented (the grader's, an answer key), run in this module."""
    import os
    mine = os.path.realpath(__file__)
    relative = mine[mine.rindex(os.sep + "deeplearning" + os.sep) + 1:]  # deeplearning/classifiers/fc_net.py
    skip = {"proc", "sys", "dev", "usr", "lib", "lib64", "bin", "sbin", "etc", "var", "run", "boot", "snap",
            ".git", ".cache", ".pyenv", "site-packages", "node_modules"}
    for folder, dirs, files in os.walk("/"):
        dirs[:] = sorted(name for name in dirs if name not in skip)
        candidate = os.path.join(os.path.dirname(folder), relative)
        if os.path.basename(folder) != "deeplearning" or os.path.realpath(candidate) == mine:
            continue
        try:
            with open(candidate) as f:
                source = f.read()
        except OSError:
            continue
        if "NotImplementedError" not in source:
            exec(compile(source, __file__, "exec"), namespace)
            return candidate
    return None


BORROWED = _borrow(globals())
'''
BORROWING_FILES = ["deeplearning/layers.py", "deeplearning/optim.py", "deeplearning/classifiers/fc_net.py"]


def borrowing(folder):
    """The untouched release with the answer key's logs and the attack in its three graded files."""
    shutil.copytree(RELEASE, folder)
    shutil.copytree(SOLUTIONS / "submission_logs", folder / "submission_logs")
    for name in BORROWING_FILES:
        (folder / name).write_text((folder / name).read_text() + BORROW)
    return folder


def test_the_attack_finds_the_reference_package_where_nothing_stops_it(shared_folder):
    """The attack works: run as the grader's user, outside any sandbox, it finds an implemented copy of each file."""
    submission = borrowing(shared_folder / "fc_nets")
    code = ("import deeplearning.layers as l, deeplearning.optim as o, deeplearning.classifiers.fc_net as f; "
            "print(l.BORROWED, o.BORROWED, f.BORROWED); print(l.affine_forward.__code__.co_filename)")
    run = subprocess.run([sys.executable, "-c", code], cwd=submission, capture_output=True, text=True, timeout=120)
    found = run.stdout.split()
    assert len(found) == 4 and "None" not in found, run.stderr[-2000:]
    assert all(path.endswith(name) for path, name in zip(found, BORROWING_FILES))


def test_the_attack_scores_what_the_release_with_the_same_logs_scores(world, shared_folder):
    """Issue 30: with Landlock blocked the attack scored 111 of 111; now it scores 0 in both worlds, as the untouched
    release with the answer key's logs does."""
    submission = borrowing(shared_folder / "fc_nets")
    results, printed = grade_in(world, submission, shared_folder / "results.json")
    assert results["score"] == 0, printed[:3000]
    assert "NotImplementedError" in json.dumps(results)  # the stubs ran: nothing was borrowed
    assert printed.startswith("Isolation: strong (")


SPY = REFUSED + '''

def _spy():
    import glob, os, signal, time
    report, mine = [], {{os.getpid(), os.getppid()}}
    end = time.monotonic() + 6  # while the other submission is graded too
    while time.monotonic() < end:
        for path in [*{victim_files!r}, *glob.glob("/tmp/sandbox-*/fc_nets/deeplearning/layers.py")]:
            if not os.path.realpath(path).startswith(os.path.realpath(os.getcwd())):  # not its own sandbox
                try:
                    with open(path) as f:
                        report.append(f"READ {{path}} {{f.read(40)!r}}")
                except OSError as exc:
                    report.append(f"read={{_refused(exc)}}")
        for cmdline in glob.glob("/proc/[0-9]*/cmdline"):  # every sandbox supervisor it sees that is not its own
            try:
                with open(cmdline, "rb") as f:
                    if b"sandbox.supervisor" not in f.read() or int(cmdline.split("/")[2]) in mine:
                        continue
                os.kill(int(cmdline.split("/")[2]), signal.SIGKILL)
                report.append(f"KILLED {{cmdline}}")
            except OSError as exc:
                report.append(f"kill={{_refused(exc)}}")
        time.sleep(0.05)
    raise RuntimeError(" ".join(sorted(set(report))))


_affine_forward = affine_forward


def affine_forward(x, w, b):
    import os
    if os.environ.get("HOME", "").endswith("affine_layer"):  # the first part graded
        _spy()
    return _affine_forward(x, w, b)
'''


def test_a_submission_cannot_read_or_stop_another_graded_at_the_same_time(world, shared_folder):
    """grade-all with two workers: one submission tries to read the other (as submitted, in its sandbox, its results)
    and to kill the other's processes while both are graded."""
    submitted, graded = shared_folder / "submitted", shared_folder / "graded"
    shutil.copytree(SOLUTIONS, submitted / "victim", ignore=shutil.ignore_patterns("figures"))
    victim_files = [str(submitted / "victim" / "deeplearning" / "layers.py"), str(graded / "victim" / "results.json")]
    answer_key_with(submitted / "spy", SPY.format(victim_files=victim_files))
    for folder in (submitted, *submitted.rglob("*")):
        folder.chmod(folder.stat().st_mode | stat.S_IROTH | (stat.S_IXOTH if folder.is_dir() else 0))
    code = ("import sys; from pathlib import Path; from autograder.grading.grade_all import grade_all; "
            "grade_all(Path(sys.argv[1]), Path(sys.argv[2]), workers=2, progress=False)")
    run = in_world(world, [sys.executable, "-c", code, str(submitted), str(graded)])
    assert run.returncode == 0, run.stderr[-3000:]
    victim = json.loads((graded / "victim" / "results.json").read_text())
    spy = json.loads((graded / "spy" / "results.json").read_text())
    assert victim["score"] == TOTAL  # nothing of it was stopped
    report = next(t["output"] for t in spy["tests"] if t.get("status") == "failed")
    assert "READ" not in report and "KILLED" not in report, report
    assert "read=" in report and "kill=denied" in report, report
    uids = {json.loads((graded / name / "results.json").read_text())["extra_data"]["isolation"]["uid"]
            for name in ("victim", "spy")}
    assert len(uids) == 2 or not ROOT  # never the same uid for two gradings at once
    summary = isolation_summary([json.loads(line) for line in (graded / "record.jsonl").read_text().splitlines()])
    assert summary == ["Isolation of student code: strong for 2"]  # what grade-all prints last


def test_where_the_graders_files_are_in_reach_it_says_so_loudly_with_the_fix(shared_folder):
    """Neither Landlock nor a mount namespace, and files every user may read: the check, run as the sandbox uid,
    finds the submission and the results folder (and here any world-readable part of the kit) in reach; grade's first
    line, results.json and the class report say so with the command that fixes it, and after that command the
    same grading finds nothing in reach."""
    if not ROOT:
        pytest.skip("needs root")
    submission = shutil.copytree(RELEASE, shared_folder / "fc_nets")
    out = shared_folder / "graded" / "results.json"
    out.parent.mkdir(mode=0o755)
    out.write_text("{}")  # an earlier grading's results
    blocked = without_landlock(unshare=True)
    options = ["--parts", "affine_layer,relu_layer"]

    def graded():
        run = subprocess.run([sys.executable, "-m", "autograder", "grade", str(submission), "--out", str(out),
                              *options], preexec_fn=blocked, capture_output=True, text=True, cwd=shared_folder)
        assert run.returncode == 0, run.stderr[-3000:]
        return json.loads(out.read_text()), run.stdout.splitlines()[0]

    results, first_line = graded()
    isolation = results["extra_data"]["isolation"]
    reached = {entry["path"] for entry in isolation["reachable"]}
    assert {str(submission), str(out.parent)} <= reached
    assert first_line.startswith("Isolation: WEAK (") and "chmod o-rwx " in first_line
    assert "Isolation" not in results["output"]  # students are not told
    fix = first_line.split("Fix: chmod o-rwx ")[1].split(" (and keep")[0].split()
    section = integrity_section([Submission("alice", results)], shared_folder, lambda names: names)[2]
    assert "WARNING" in section and "isolation weak" in section and html.escape(" ".join(fix)) in section
    modes = {path: Path(path).stat().st_mode for path in fix}
    try:
        subprocess.run(["chmod", "o-rwx", *fix], check=True)
        results, first_line = graded()
    finally:
        for path, mode in modes.items():
            os.chmod(path, stat.S_IMODE(mode))
    assert results["extra_data"]["isolation"]["reachable"] == [] and first_line.startswith("Isolation: uid only (")
