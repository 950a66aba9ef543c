"""The Gradescope autograder zip, run in a simulated /autograder layout."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import zipfile
from pathlib import Path

import time

import pytest
from hangs import MEMORY_BOMB, hanging
from memory_cgroup import memory_cgroup
from seccomp import without_landlock
from test_grader_isolation import REFUSED, ROOT, borrowing

from autograder.course.gradescope import build_gradescope_zip
from autograder.layout import NOTEBOOKS, RELEASE, SOLUTIONS
from autograder.grading.limits import DEFAULT_BUDGET
from autograder.grading.report import part_scores


@pytest.fixture(scope="session")
def gradescope_root():
    """/autograder with the zip unpacked into source/ and setup.sh run (offline: PIP_NO_INDEX); in a folder every
    user may traverse, as /autograder is (pytest's own folders are 0700), with the zip unpacked with umask 022."""
    root = Path(tempfile.mkdtemp(prefix="fc_nets-gradescope-"))
    root.chmod(0o755)
    yield from _gradescope_root(root)
    shutil.rmtree(root, ignore_errors=True)


def _gradescope_root(root):
    archive = build_gradescope_zip(root / "fc_nets_gradescope.zip")
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(root / "source")
    for script in ("setup.sh", "run_autograder"):
        os.chmod(root / "source" / script, 0o755)
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), PIP_NO_INDEX="1")
    setup = subprocess.run(["bash", str(root / "source" / "setup.sh")], env=env, capture_output=True, text=True)
    assert setup.returncode == 0, setup.stdout[-2000:] + setup.stderr[-2000:]
    yield root


def run_submission(root, files_from, env=None, preexec_fn=None, log=None):
    """Put a submission in /autograder/submission, run run_autograder (with more environment variables env, after
    preexec_fn), return results.json; log: a list that gets run_autograder's output (its log on Gradescope)."""
    for folder in ("submission", "results"):
        shutil.rmtree(root / folder, ignore_errors=True)
        (root / folder).mkdir()
    if files_from is not None:
        shutil.copytree(files_from, root / "submission", dirs_exist_ok=True)
    env = dict(os.environ, AUTOGRADER_ROOT=str(root), **(env or {}))
    env.pop("PYTHONPATH", None)
    run = subprocess.run([str(root / "source" / "run_autograder")], env=env, capture_output=True, text=True, cwd="/",
                         preexec_fn=preexec_fn)
    assert run.returncode == 0, run.stderr[-2000:]
    if log is not None:
        log.append(run.stdout)
    return json.loads((root / "results" / "results.json").read_text())


def test_zip_is_deterministic_and_self_contained(tmp_path):
    first = build_gradescope_zip(tmp_path / "a.zip")
    second = build_gradescope_zip(tmp_path / "b.zip")
    assert first.read_bytes() == second.read_bytes()
    names = zipfile.ZipFile(first).namelist()
    for needed in ["setup.sh", "run_autograder", "requirements.txt", "autograder/grading/pipeline.py",
                   "autograder/parts/dropout_forward/checks.py", "autograder/references/experiment_data.npz",
                   "source/fc_nets/deeplearning/layers.py", "release/fc_nets/deeplearning/layers.py"]:
        assert needed in names
    assert {f"release/fc_nets/{name}" for name in NOTEBOOKS} <= set(names)  # the template submitted notebooks are repaired against
    assert not any("__pycache__" in name or (name.startswith("source/") and name.endswith(".ipynb")) for name in names)
    # of the reference package only what the grader imports
    assert not any(name.startswith(("source/fc_nets/deeplearning/datasets/", "source/fc_nets/deeplearning/gradient_"))
                   for name in names)


def test_run_autograder_gives_the_budget_explicitly(tmp_path):
    """The budget fits Gradescope's default Autograder timeout of 10 minutes; a course that raises that timeout
    builds the zip with a larger budget."""
    for budget, expected in ((DEFAULT_BUDGET, "BUDGET=540\n"), (2340, "BUDGET=2340\n")):
        with zipfile.ZipFile(build_gradescope_zip(tmp_path / f"{budget}.zip", budget=budget)) as zf:
            script = zf.read("run_autograder").decode()
        assert expected in script and '--budget "$BUDGET"' in script
    assert DEFAULT_BUDGET < 600


def test_a_hang_and_a_memory_bomb_on_gradescope_with_768_mb(gradescope_root, tmp_path):
    """The answer key with an affine_forward that never returns and a dropout_forward that eats all memory, on a
    machine of 768 MB (Gradescope's default; a real memory cgroup, memory_cgroup.py): the grader reads the limit from
    its cgroup. The run ends within its budget of 9 minutes, with results; the two functions cost what calls them,
    the other parts score full marks."""
    submission = hanging(tmp_path, "affine_forward")
    MEMORY_BOMB.apply(submission)
    start = time.monotonic()
    with memory_cgroup(768, tmp_path) as cgroup:
        results = run_submission(gradescope_root, submission, env=cgroup.env, preexec_fn=cgroup.enter)
    assert time.monotonic() - start < DEFAULT_BUDGET
    scores = {part: score for part, (score, _) in part_scores(results).items()}
    assert scores["affine_layer"] == 0 and scores["dropout_forward"] < 10 and scores["relu_layer"] == 4
    assert scores["update_rules"] == 9 and scores["batchnorm_forward"] == 6
    outputs = json.dumps(results)
    assert "affine_forward in deeplearning/layers.py, line " in outputs and "MemoryError" in outputs
    assert "540 s in all" in results["output"] and "512 MB of memory per part" in results["output"]


def test_solution_scores_full_marks_on_gradescope(gradescope_root, tmp_path):
    # Students upload the zip from collect_submission.py; Gradescope unpacks it into submission/.
    work = tmp_path / "fc_nets"
    shutil.copytree(SOLUTIONS, work)
    subprocess.run([sys.executable, "collect_submission.py"], cwd=work, check=True, capture_output=True)
    unpacked = tmp_path / "unpacked"
    zipfile.ZipFile(work / "fc_nets_submission.zip").extractall(unpacked)
    results = run_submission(gradescope_root, unpacked)
    assert results["score"] == 111
    assert len([t for t in results["tests"] if "manual" in t["tags"]]) == 8


def test_release_and_empty_submissions_score_zero_on_gradescope(gradescope_root):
    assert run_submission(gradescope_root, RELEASE)["score"] == 0
    empty = run_submission(gradescope_root, None)
    assert empty["score"] == 0 and "holds no FullyConnectedNets.ipynb" in empty["output"]


def test_the_answer_keys_logs_without_its_code_score_nothing_on_gradescope(gradescope_root, tmp_path):
    """The Gradescope grader replays the logs too: the untouched release with the answer key's logs gets 0."""
    submission = tmp_path / "fc_nets"
    shutil.copytree(RELEASE, submission)
    shutil.copytree(SOLUTIONS / "submission_logs", submission / "submission_logs")
    results = run_submission(gradescope_root, submission)
    assert results["score"] == 0 and "could not be replayed with your code" in json.dumps(results)


@pytest.mark.parametrize("world", ["landlock", "no_landlock"])
def test_the_attack_of_issue_30_scores_nothing_on_gradescope(gradescope_root, tmp_path, world):
    """The release with the answer key's logs and a search for the reference package: 0 points, with Landlock and
    with Landlock blocked (where it scored 111 of 111 before); run_autograder's log says how it was isolated."""
    if world == "no_landlock" and not ROOT:
        pytest.skip("without Landlock only a grader running as root can isolate student code")
    log = []
    results = run_submission(gradescope_root, borrowing(tmp_path / "fc_nets"), log=log,
                             preexec_fn=without_landlock() if world == "no_landlock" else None)
    assert results["score"] == 0
    assert log[0].startswith("Isolation: strong ("), log[0][:2000]


GRADESCOPE_SPY = REFUSED + '''

def dropout_forward(x, dropout_param):
    import os
    root = {root!r}
    report = []
    for name in ("source/source/fc_nets/deeplearning/layers.py", "source/autograder/parts/dropout_forward/checks.py",
                 "source/autograder/references/dropout_regularization_keep1.npz", "submission/Dropout.ipynb"):
        try:
            with open(os.path.join(root, name), "rb") as f:
                report.append(f"READ {{name}} {{f.read(40)!r}}")
        except OSError as exc:
            report.append(f"read={{_refused(exc)}}")
    try:
        with open(os.path.join(root, "results", "results.json"), "w") as f:
            f.write("{{}}")
        report.append("WROTE RESULTS")
    except OSError as exc:
        report.append(f"results={{_refused(exc)}}")
    raise RuntimeError(" ".join(report))
'''


def test_without_landlock_and_namespaces_setup_sh_keeps_the_grader_out_of_reach(gradescope_root, tmp_path):
    """A container that allows neither Landlock nor a mount namespace (Docker's default profile without
    CAP_SYS_ADMIN, before Landlock): student code runs as an unprivileged uid, which cannot read /autograder/source
    (setup.sh), the submission or the results being written (run_autograder), and still imports the interpreter's
    modules (here a Python under /root, mode 0700). The grader's check finds nothing of its own in reach."""
    if not ROOT:
        pytest.skip("needs root")
    submission = tmp_path / "fc_nets"
    shutil.copytree(SOLUTIONS, submission, ignore=shutil.ignore_patterns("figures"))
    layers = submission / "deeplearning" / "layers.py"
    layers.write_text(layers.read_text() + textwrap.dedent(GRADESCOPE_SPY.format(root=str(gradescope_root))))
    log = []
    results = run_submission(gradescope_root, submission, preexec_fn=without_landlock(unshare=True), log=log)
    report = next(t["output"] for t in results["tests"] if t.get("status") == "failed")
    assert "READ" not in report and "WROTE" not in report, report
    assert report.count("read=denied") == 4 and "results=denied" in report, report
    # Only what calls the spying dropout_forward lost points; every part imported what it needed.
    lost = {part for part, (score, maximum) in part_scores(results).items() if score < maximum}
    assert "dropout_forward" in lost and lost <= {"dropout_forward", "dropout_backward", "fc_net", "regularization_logs"}, lost
    assert "ImportError" not in json.dumps(results) and "ModuleNotFoundError" not in json.dumps(results)
    isolation = results["extra_data"]["isolation"]
    assert isolation["landlock"] == 0 and not isolation["private_root"] and isolation["uid"] is not None
    assert isolation["reachable"] == [] and log[0].startswith("Isolation: uid only ("), log[0][:2000]
