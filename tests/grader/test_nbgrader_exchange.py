"""nbgrader's exchange for real: an instructor and four students with Unix accounts of their own, on one machine.

Set up as a JupyterHub would be (see docs/nbgrader.md): one Python environment that every
account can run, holding nbgrader and the kit; the kit's Hub-wide configuration
(`jupyterhub/nbgrader_config.py`) in that environment's `etc/jupyter/`, with the exchange's path; an
exchange directory the admin made world-writable; homes of mode 0700; the course (a copy of the kit) in
the instructor's home, and in the instructor's `~/.jupyter/nbgrader_config.py` the course's policy on late
submissions and the kit's configuration.

The instructor generates and releases fc_nets; the students fetch it, work, and submit:

- alice: the answer key, with the data set installed in her folder as get_datasets.py does (padded to the
  size of the full CIFAR-10 with a sparse file), before the due date;
- bob: the untouched release, before the due date;
- carol: a mutant (tests/variants/mutants/), after the due date;
- dave: the answer key, after the due date, with notebooks that would end their kernel before any grade cell
  runs (autograde runs only the grade cells, so they never run; the kit's grader scores the code).

The instructor collects, autogrades (nbgrader's LateSubmissionPlugin, penalty "zero"), regrades dave from
formgrader, grades the written answers through formgrader's HTTP API, generates and releases feedback;
every student fetches it. Every command is the real one, run by its account; nothing is done by hand in
between. On the 2-core development machine the module took 2 min 44 s (2026-12-06): 28 s of set-up (the
pip install of the environment), 76 s of `nbgrader autograde` for the four submissions; 5 min 25 s while
other jobs kept the machine busy (load 4 to 5).

Needs root (to create the accounts, which are removed afterwards) and an interpreter every account can run.
"""
import html
import json
import os
import pwd
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import nbformat
import pytest
from nbgrader.api import Gradebook
from traitlets.config.loader import PyFileConfigLoader

from autograder.layout import (
    ASSIGNMENT, CIFAR10_SUBSET, COURSE_ID, NOT_SUBMITTED, NOTEBOOKS, ONE_BLAS_THREAD, RELEASE, REPO, SOLUTIONS,
)
from autograder.course.variants import make_mutant
from autograder.parts import PARTS
from autograder.grading.report import part_scores

pytestmark = [
    pytest.mark.xdist_group("exchange"),
    pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0 or not shutil.which("useradd"),
                       reason="needs root and useradd: the exchange is tested with real Unix accounts"),
]

ROLES = ["instructor", "alice", "bob", "carol", "dave"]
STUDENTS = ROLES[1:]
LATE = {"carol", "dave"}
MUTANT = "drop_probability"
KILL_KERNEL = "import os\nos._exit(0)  # ends the kernel before any grade cell runs"
# What a real copy of the kit holds (the course is the kit's folder, as in the README's instructor workflow).
KIT_FILES = ["autograder", "datasets", "source", "nbgrader_config.py", "pyproject.toml", "README.md"]
FULL_CIFAR10_BYTES = 178_000_000  # the unpacked cifar-10-batches-py
NOTEBOOK_IDS = [notebook.removesuffix(".ipynb") for notebook in NOTEBOOKS]
ACCOUNT_COMMENT = "fc_nets exchange test, pid {}"
HUB_FOLDER = "fc-nets-hub-{}-"  # in the temporary folder, with the pid


# ------------------------------------------------------------------------------------------ accounts
class Account:
    def __init__(self, role, name):
        self.role, self.name = role, name
        entry = pwd.getpwnam(name)
        self.uid, self.gid, self.home = entry.pw_uid, entry.pw_gid, Path(entry.pw_dir)


def remove_account(name):
    """Stop the account's processes (by pid) and delete it with its home."""
    try:
        uid = pwd.getpwnam(name).pw_uid
    except KeyError:
        return
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                if proc.stat().st_uid == uid:
                    os.kill(int(proc.name), signal.SIGKILL)
            except (OSError, ProcessLookupError):
                pass
    subprocess.run(["userdel", "--remove", name], capture_output=True)
    subprocess.run(["groupdel", name], capture_output=True)


def remove_stale():
    """What a run of this test that was killed left behind: its accounts (its pid is in their comment) and its
    folder (in the folder's name)."""
    prefix = ACCOUNT_COMMENT.format("")
    for entry in pwd.getpwall():
        pid = entry.pw_gecos[len(prefix):]
        if entry.pw_gecos.startswith(prefix) and pid.isdigit() and not Path(f"/proc/{pid}").exists():
            remove_account(entry.pw_name)
    for folder in Path(tempfile.gettempdir()).glob(HUB_FOLDER.format("*")):
        pid = folder.name.removeprefix(HUB_FOLDER.format("")).split("-")[0]
        if pid.isdigit() and not Path(f"/proc/{pid}").exists():
            shutil.rmtree(folder, ignore_errors=True)


def chown_tree(path, account):
    for folder, dirs, files in os.walk(path):
        for name in [folder, *(os.path.join(folder, f) for f in dirs + files)]:
            os.lchown(name, account.uid, account.gid)


class Hub:
    """The machine: accounts, the shared environment, the exchange, the course."""

    def __init__(self, base):
        self.base = base
        self.env = base / "env"
        self.exchange = base / "exchange"
        self.shared_data = base / "shared" / "cifar-10-batches-py"
        self.accounts = {}
        self.log = []  # (account, command, result, seconds) of every command run
        self.build_seconds = 0.0

    # .................................................................. running commands as an account
    def environ(self, account):
        return {"HOME": str(account.home), "USER": account.name, "LOGNAME": account.name, "SHELL": "/bin/sh",
                "PATH": f"{self.env / 'bin'}:/usr/local/bin:/usr/bin:/bin", "LANG": "C.UTF-8", **ONE_BLAS_THREAD}

    def run(self, role, *cmd, cwd=None, check=True, timeout=900):
        account = self.accounts[role]
        started = time.monotonic()
        result = subprocess.run([str(c) for c in cmd], cwd=cwd or account.home, env=self.environ(account),
                                user=account.uid, group=account.gid, extra_groups=[], umask=0o022,
                                capture_output=True, text=True, timeout=timeout)
        self.log.append((role, cmd, result, time.monotonic() - started))
        if check and result.returncode != 0:
            raise AssertionError(f"{role} $ {' '.join(map(str, cmd))} exited {result.returncode}:\n"
                                 f"{result.stdout[-4000:]}\n{result.stderr[-6000:]}")
        return result

    def each(self, roles, step, workers=None):
        """step(role) for every role at the same time (students act on their own); the results in order."""
        with ThreadPoolExecutor(max_workers=workers or len(roles)) as pool:
            return list(pool.map(step, sorted(roles, key=ROLES.index)))

    def nbgrader(self, role, *args, **kw):
        return self.run(role, "nbgrader", *args, **kw)

    def python(self, role, code, **kw):
        return self.run(role, "python", "-c", code, **kw)

    @property
    def instructor(self):
        return self.accounts["instructor"]

    @property
    def course(self):
        return self.instructor.home / "fc_nets_course"

    def student_folder(self, student):
        return self.accounts[student].home / ASSIGNMENT

    # .................................................................. set-up
    def create_accounts(self):
        tag = secrets.token_hex(2)
        for role in ROLES:
            name = f"fcx{tag}_{role}"
            home = self.base / "home" / name
            subprocess.run(["useradd", "--create-home", "--home-dir", str(home), "--shell", "/bin/sh",
                            "--user-group", "--comment", ACCOUNT_COMMENT.format(os.getpid()),
                            "-K", "HOME_MODE=0700", name], check=True, capture_output=True)
            self.accounts[role] = Account(role, name)
            home.chmod(0o700)

    def python_for_everyone(self):
        """An interpreter the accounts can run: the kit's own may live in root's home (mode 0700)."""
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        candidates = [Path(sys.base_prefix) / "bin" / version, Path("/usr/bin") / version,
                      Path("/usr/local/bin") / version, Path("/usr/bin/python3")]
        for candidate in candidates:
            try:
                if self.run("instructor", candidate, "-c", "import venv, ensurepip", check=False).returncode == 0:
                    return candidate
            except OSError:  # missing, or not executable by the account
                pass
        pytest.fail(f"no interpreter with venv that other accounts can run among {candidates}")

    def build(self):
        started = time.monotonic()
        self.base.chmod(0o755)
        self.create_accounts()
        # The kit, copied into the instructor's home as the instructor would clone it.
        kit = self.course
        kit.mkdir()
        for name in KIT_FILES:
            source = REPO / name
            if source.is_dir():
                shutil.copytree(source, kit / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
            else:
                shutil.copy(source, kit / name)
        # The Hub's environment, which every account can run (as an admin installs it).
        python = self.python_for_everyone()
        subprocess.run([python, "-m", "venv", self.env], check=True, umask=0o022)
        install = subprocess.run([self.env / "bin" / "python", "-m", "pip", "install", "-q", "-e", kit],
                                 capture_output=True, text=True, umask=0o022)
        assert install.returncode == 0, install.stderr[-3000:]
        chown_tree(kit, self.instructor)
        # The Hub-wide nbgrader configuration the kit ships, with this exchange's path.
        config = self.env / "etc" / "jupyter" / "nbgrader_config.py"
        config.parent.mkdir(parents=True, exist_ok=True)
        config.write_text((REPO / "jupyterhub" / "nbgrader_config.py").read_text()
                          + f"\nc.Exchange.root = {str(self.exchange)!r}\n")
        config.chmod(0o644)
        # The exchange, as nbgrader's documentation says: created by the admin, writable by everyone.
        self.exchange.mkdir()
        self.exchange.chmod(0o777)
        # The course's CIFAR-10 on a shared disk (the kit's subset here).
        shutil.copytree(CIFAR10_SUBSET, self.shared_data)
        for folder, _, files in os.walk(self.base / "shared"):
            os.chmod(folder, 0o755)
            for name in files:
                os.chmod(os.path.join(folder, name), 0o644)
        # The instructor's own settings: the course's late policy and the kit's configuration, so that
        # formgrader, which runs from the home folder, grades as the command line does.
        jupyter = self.instructor.home / ".jupyter"
        jupyter.mkdir()
        (jupyter / "nbgrader_config.py").write_text(
            "c = get_config()\n"
            'c.LateSubmissionPlugin.penalty_method = "zero"\n'
            f"load_subconfig({str(self.course / 'nbgrader_config.py')!r})\n")
        chown_tree(jupyter, self.instructor)
        self.build_seconds = time.monotonic() - started

    def remove(self):
        for account in self.accounts.values():
            remove_account(account.name)
        shutil.rmtree(self.base, ignore_errors=True)


# ------------------------------------------------------------------------------------------ formgrader
class Formgrader:
    """The instructor's Jupyter server with nbgrader's formgrader, started from the home folder as on a Hub."""

    def __init__(self, hub):
        self.hub = hub
        self.token = secrets.token_hex(16)
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        account = hub.instructor
        self.log = hub.base / "formgrader.log"
        with open(self.log, "w") as log:
            self.process = subprocess.Popen(
                ["jupyter", "server", "--no-browser", "--ip=127.0.0.1", f"--port={self.port}",
                 f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={account.home}"],
                cwd=account.home, env=hub.environ(account), user=account.uid, group=account.gid, extra_groups=[],
                umask=0o022, stdout=log, stderr=subprocess.STDOUT)

    def wait_until_up(self, seconds=120):
        deadline = time.monotonic() + seconds
        while True:
            try:
                self.get("/formgrader/api/status")
                return
            except OSError:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise AssertionError("formgrader did not start:\n" + self.log.read_text()[-4000:])
                time.sleep(0.5)

    def request(self, method, path, body=None, timeout=60):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(f"http://127.0.0.1:{self.port}{path}", data=data, method=method,
                                     headers={"Authorization": f"token {self.token}",
                                              "Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return json.loads(response.read())

    def get(self, path):
        return self.request("GET", path)

    def stop(self):
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


# ------------------------------------------------------------------------------------------ students' work
def do_the_work(hub, student):
    """What each student's assignment folder holds when they submit (written as root, then given to them)."""
    folder = hub.student_folder(student)
    if student in ("alice", "dave"):
        shutil.copytree(SOLUTIONS, folder, dirs_exist_ok=True)
    elif student == "carol":
        mutant = hub.base / "mutant"
        make_mutant(SOLUTIONS, mutant, MUTANT)
        shutil.copytree(mutant, folder, dirs_exist_ok=True)
        shutil.rmtree(mutant)
    if student == "dave":
        for notebook in NOTEBOOKS:
            nb = nbformat.read(folder / notebook, as_version=4)
            nb.cells.insert(0, nbformat.v4.new_code_cell(KILL_KERNEL))
            nbformat.write(nb, folder / notebook)
    chown_tree(folder, hub.accounts[student])
    if student == "alice":  # as get_datasets.py installs the course's copy, then as large as the full data set
        hub.run("alice", "python", "deeplearning/datasets/get_datasets.py", "--from", hub.shared_data, cwd=folder)
        data = folder / "deeplearning" / "datasets" / "cifar-10-batches-py"
        size = sum(f.stat().st_size for f in data.iterdir())
        hub.python("alice", f"open('padding-to-full-size', 'wb').truncate({FULL_CIFAR10_BYTES - size})", cwd=data)


def utc_now():
    return datetime.now(timezone.utc).strftime("%Y-%m-%d %H:%M:%S.%f UTC")


# ------------------------------------------------------------------------------------------ the run
@pytest.fixture(scope="module")
def hub():
    remove_stale()
    hub = Hub(Path(tempfile.mkdtemp(prefix=HUB_FOLDER.format(os.getpid()))))
    try:
        hub.build()
        yield hub
    finally:
        hub.remove()


@pytest.fixture(scope="module")
def semester(hub):
    """The whole course, start to end, every step by the account that takes it. Returns what the tests check."""
    started = time.monotonic()
    course = hub.course
    out = {}
    # Release; the students fetch it, work and submit (each on their own, at the same time): alice and bob
    # before the due date, carol and dave after it.
    hub.nbgrader("instructor", "generate_assignment", ASSIGNMENT, "--force", cwd=course)
    hub.nbgrader("instructor", "release_assignment", ASSIGNMENT, cwd=course)
    hub.each(STUDENTS, lambda student: hub.nbgrader(student, "fetch_assignment", ASSIGNMENT))
    out["fetched"] = {student: files_of(hub.student_folder(student)) for student in STUDENTS}
    hub.each(STUDENTS, lambda student: do_the_work(hub, student))
    hub.each(["alice", "bob"], lambda student: hub.nbgrader(student, "submit", ASSIGNMENT))
    out["duedate"] = utc_now()
    hub.nbgrader("instructor", "db", "assignment", "add", ASSIGNMENT, f"--duedate={out['duedate']}", cwd=course)
    hub.each(LATE, lambda student: hub.nbgrader(student, "submit", ASSIGNMENT))
    inbound = hub.exchange / COURSE_ID / "inbound"
    out["inbound"] = {student: next(inbound.glob(f"{hub.accounts[student].name}+{ASSIGNMENT}+*"))
                      for student in STUDENTS}
    # Grade: collect and autograde on the command line, regrade dave and grade the written answers in formgrader
    # (started from the instructor's home folder, as on a Hub), feedback on the command line.
    hub.nbgrader("instructor", "collect", ASSIGNMENT, cwd=course)
    formgrader = Formgrader(hub)  # starts while autograde runs
    try:
        out["autograde"] = hub.nbgrader("instructor", "autograde", ASSIGNMENT, cwd=course)
        formgrader.wait_until_up()
        regrade = time.monotonic()
        out["regrade"] = formgrader.request(
            "POST", f"/formgrader/api/submission/{ASSIGNMENT}/{hub.accounts['dave'].name}/autograde", {}, timeout=600)
        hub.log.append(("instructor", ["formgrader: autograde dave"], None, time.monotonic() - regrade))
        out["autograded"] = gradebook_totals(hub)
        out["manual"] = grade_written_answers(formgrader, hub)
    finally:
        formgrader.stop()
    out["graded"] = gradebook_totals(hub)
    hub.nbgrader("instructor", "generate_feedback", ASSIGNMENT, cwd=course)
    hub.nbgrader("instructor", "release_feedback", ASSIGNMENT, cwd=course)
    hub.each(STUDENTS, lambda student: hub.nbgrader(student, "fetch_feedback", ASSIGNMENT))
    # The standalone grader on the files nbgrader graded.
    out["standalone"] = dict(zip(STUDENTS, hub.each(STUDENTS, lambda student: standalone_grade(hub, student),
                                                    workers=2)))
    out["seconds"] = time.monotonic() - started
    print(f"\nthe course took {out['seconds']:.0f} s after {hub.build_seconds:.0f} s of set-up:")
    for role, cmd, _, seconds in hub.log:
        print(f"{seconds:6.1f} s  {role} $ {' '.join(map(str, cmd))[:110]}")
    return out


def standalone_grade(hub, student):
    name = hub.accounts[student].name
    results = hub.course / "standalone" / name / "results.json"
    hub.run("instructor", "python", "-m", "autograder", "grade", hub.course / "submitted" / name / ASSIGNMENT,
            "--out", results, cwd=hub.course)
    return json.loads(results.read_text())


def files_of(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def grade_written_answers(formgrader, hub):
    """Through formgrader's HTTP API, as a TA does: full marks for alice, half for the others. {student: points}."""
    given = dict.fromkeys(STUDENTS, 0.0)
    students = {hub.accounts[student].name: student for student in STUDENTS}
    for notebook in NOTEBOOK_IDS:
        for submitted in formgrader.get(f"/formgrader/api/submitted_notebooks/{ASSIGNMENT}/{notebook}"):
            student = students[submitted["student"]]
            for grade in formgrader.get(f"/formgrader/api/grades?submission_id={submitted['id']}"):
                if grade["needs_manual_grade"]:
                    score = grade["max_score"] if student == "alice" else grade["max_score"] / 2
                    saved = formgrader.request("PUT", f"/formgrader/api/grade/{grade['id']}", {"manual_score": score})
                    assert saved["manual_score"] == score
                    given[student] += score
    return given


@dataclass
class Totals:
    score: float  # nbgrader's score of the submission: auto and manual scores, before the late penalty
    penalty: float
    seconds_late: float
    needs_manual_grade: bool
    notebook_penalties: dict  # {notebook: late penalty}
    parts: dict  # {part: auto score}


def gradebook_totals(hub):
    """{student: Totals} from the gradebook."""
    totals = {}
    with Gradebook(f"sqlite:///{hub.course / 'gradebook.db'}", COURSE_ID) as gb:
        for student in STUDENTS:
            submission = gb.find_submission(ASSIGNMENT, hub.accounts[student].name)
            totals[student] = Totals(
                submission.score, submission.late_submission_penalty or 0.0, submission.total_seconds_late,
                submission.needs_manual_grade,
                {nb.name: nb.late_submission_penalty or 0.0 for nb in submission.notebooks},
                {grade.name: grade.auto_score for nb in submission.notebooks for grade in nb.grades
                 if grade.name in PARTS})
    return totals


def notebook_points(results):
    """{notebook: the grader's points} from a results.json."""
    points = dict.fromkeys(NOTEBOOK_IDS, 0.0)
    for part, (score, _) in part_scores(results).items():
        points[PARTS[part].notebook] += score
    return points


# ------------------------------------------------------------------------------------------ the checks
def test_the_exchange_has_the_permissions_nbgrader_documents(hub, semester):
    course = hub.exchange / COURSE_ID
    mode = lambda path: path.stat().st_mode & 0o7777  # noqa: E731
    assert mode(hub.exchange) == 0o777
    assert (mode(course), mode(course / "outbound"), mode(course / "inbound"), mode(course / "feedback")) == \
        (0o755, 0o755, 0o2733, 0o711)
    assert course.stat().st_uid == hub.instructor.uid
    for student, submission in semester["inbound"].items():
        assert submission.stat().st_uid == hub.accounts[student].uid
        assert mode(submission) == 0o777 and all(mode(p) == 0o644 for p in submission.rglob("*") if p.is_file())


def test_students_fetch_the_committed_release(hub, semester):
    release = files_of(RELEASE)
    for student in STUDENTS:
        assert semester["fetched"][student] == release, student


def test_the_data_set_stays_out_of_the_exchange(hub, semester):
    alice = semester["inbound"]["alice"]
    assert not list(alice.rglob("cifar-10-batches-py")) and not list(alice.rglob("padding-to-full-size"))
    assert (alice / "submission_logs" / "best_model.npz").is_file()


def test_collect_keeps_what_students_submitted(hub, semester):
    for student in STUDENTS:
        submitted = hub.course / "submitted" / hub.accounts[student].name / ASSIGNMENT
        assert files_of(submitted) == files_of(semester["inbound"][student]), student


def test_nothing_needed_a_hand(hub, semester):
    autograde = semester["autograde"]
    assert "[autograder] ERROR" not in autograde.stderr and "hook failed" not in autograde.stderr
    assert semester["regrade"]["success"], semester["regrade"]
    assert "[autograder] ERROR" not in semester["regrade"]["log"]
    # autograde runs only the notebooks' grade cells, which print the grader's scores: the gradebook needed no
    # correction, not even for dave, whose notebooks would end their kernel if they ran.
    assert not [line for line in autograde.stderr.splitlines() if "the notebook reported" in line]
    for student in STUDENTS:
        autograded = hub.course / "autograded" / hub.accounts[student].name / ASSIGNMENT
        assert {p.name for p in autograded.glob("*.repairs.txt")} == {f"{nb}.repairs.txt" for nb in NOTEBOOK_IDS}
        assert json.loads((autograded / "results.json").read_text())["score"] == \
            semester["standalone"][student]["score"]


def test_the_gradebook_holds_the_standalone_grader_scores_minus_the_late_penalty(hub, semester):
    for student in STUDENTS:
        standalone, totals = semester["standalone"][student], semester["autograded"][student]
        assert totals.parts == {part: score for part, (score, _) in part_scores(standalone).items()}, student
        points = notebook_points(standalone)
        if student in LATE:
            # nbgrader's LateSubmissionPlugin, penalty "zero": each notebook's score, the grader's.
            assert totals.seconds_late > 0 and totals.notebook_penalties == points, student
        else:
            assert totals.seconds_late == 0 and totals.penalty == 0, student
        # Before the written answers are graded nbgrader's score is the autograded parts'; the late penalty
        # ("zero") takes all of it.
        assert totals.score == standalone["score"], student
        assert totals.penalty == (standalone["score"] if student in LATE else 0), student
    full = sum(part.points for part in PARTS.values())
    scores = {student: semester["standalone"][student]["score"] for student in STUDENTS}
    assert scores["alice"] == scores["dave"] == full and scores["bob"] == 0 and 0 < scores["carol"] < full


def test_written_answers_graded_in_formgrader_count(hub, semester):
    assert semester["manual"]["alice"] == 16  # 8 written answers of 2 points
    assert semester["manual"]["carol"] == semester["manual"]["dave"] == 8
    for student in STUDENTS:
        before, after = semester["autograded"][student], semester["graded"][student]
        assert before.needs_manual_grade == (semester["manual"][student] > 0) and not after.needs_manual_grade
        assert after.score == before.score + semester["manual"][student], student
        assert after.penalty == before.penalty, student  # nbgrader computes it when autograding


def test_every_student_fetches_exactly_their_own_feedback(hub, semester):
    for student in STUDENTS:
        name = hub.accounts[student].name
        fetched = hub.student_folder(student) / "feedback"
        timestamps = [p.name for p in fetched.iterdir()]
        own = (semester["inbound"][student] / "timestamp.txt").read_text()
        assert timestamps == [own], student
        released = hub.course / "feedback" / name / ASSIGNMENT
        assert files_of(fetched / own) == {f"{nb}.html": (released / f"{nb}.html").read_bytes()
                                           for nb in NOTEBOOK_IDS}, student
        others = [hub.course / "feedback" / hub.accounts[o].name / ASSIGNMENT / "Dropout.html" for o in STUDENTS
                  if o != student]
        assert all((fetched / own / "Dropout.html").read_bytes() != other.read_bytes() for other in others)
    carol = (hub.student_folder("carol") / "feedback").glob("*/Dropout.html")
    assert "p is used as the drop probability" in next(carol).read_text()


def test_feedback_carries_the_graders_report(hub, semester):
    for student in STUDENTS:
        report = (hub.course / "autograded" / hub.accounts[student].name / ASSIGNMENT / "results.txt").read_text()
        assert f"Score: {semester['standalone'][student]['score']:g} / 111" in report
        pages = list((hub.student_folder(student) / "feedback").glob("*/*.html"))
        assert len(pages) == len(NOTEBOOK_IDS) and all(html.escape(report) in page.read_text() for page in pages)


def test_a_student_cannot_read_another_students_work_or_feedback(hub, semester):
    alice = hub.student_folder("alice")
    feedback = next((alice / "feedback").glob("*/Dropout.html"))
    probe = (
        "import os, sys\n"
        "denied = []\n"
        "for path in sys.argv[1:]:\n"
        "    try:\n"
        "        os.listdir(path) if os.path.isdir(path) else open(path).read()\n"
        "    except PermissionError:\n"
        "        denied.append(path)\n"
        "print('\\n'.join(denied))\n")
    paths = [feedback, alice, hub.exchange / COURSE_ID / "inbound", hub.exchange / COURSE_ID / "feedback",
             hub.course / "feedback"]
    result = hub.run("bob", "python", "-c", probe, *paths)
    assert result.stdout.splitlines() == [str(p) for p in paths]


def test_the_hub_configuration_leaves_out_what_collect_leaves_out():
    config = PyFileConfigLoader("nbgrader_config.py", str(REPO / "jupyterhub")).load_config()
    assert config.CourseDirectory.ignore == NOT_SUBMITTED
    assert config.CourseDirectory.course_id == COURSE_ID
