"""The whole course at a real course's scale, graded as Gradescope's default container grades it.

The answer key and the grader's references are built on the full-size CIFAR-10 stand-in (49,000 training images;
tests/full_scale.py, cached between runs), and every grading runs inside a real memory cgroup of 768 MB (Gradescope's
default; memory_cgroup.py) with the default budget of 540 s, on the three paths: `python -m autograder grade`,
`run_autograder` in the simulated Gradescope layout (whose setup.sh downloads CIFAR-10, since the zip leaves the
147 MB of training images out) and `nbgrader autograde`.
"""
import hashlib
import json
import os
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor

import full_scale
import pytest
from conftest import TOTAL
from memory_cgroup import memory_cgroup

from autograder.course.gradescope import build_gradescope_zip
from autograder.layout import RELEASE, REPO
from autograder.grading.limits import DEFAULT_BUDGET
from autograder.course.variants import make_mutant, mutants
from autograder.course.nbgrader_cli import make_course, run_nbgrader
from autograder.course.references import IMAGES_FILE

pytestmark = pytest.mark.xdist_group("full_scale")
CONTAINER_MB = 768
MUTANTS = mutants()
# One mutant per notebook for the slower paths; the standalone path grades them all.
SOME_MUTANTS = ["affine_no_bias", "batchnorm_unbiased_variance", "drop_probability"]


@pytest.fixture(scope="module")
def full():
    """(the full-scale answer key, its references, the stand-in's folder, its archive)."""
    return (*full_scale.answer_key_and_references(), *full_scale.data())


def in_container(command, tmp, env=None, **kwargs):
    """Run command inside a fresh 768 MB memory cgroup; return (the completed process, the group's peak MB)."""
    with memory_cgroup(CONTAINER_MB, tmp) as cgroup:
        run = subprocess.run(command, env={**os.environ, **cgroup.env, **(env or {})}, preexec_fn=cgroup.enter,
                             capture_output=True, text=True, **kwargs)
        return run, cgroup.peak_mb()


def grade_standalone(submission, references, tmp):
    """`python -m autograder grade` in the container: (exit status, results.json, the cgroup's peak MB)."""
    out = tmp / "results.json"
    run, peak = in_container([sys.executable, "-m", "autograder", "grade", str(submission), "--out", str(out),
                              "--budget", str(DEFAULT_BUDGET)], tmp, env={"FC_NETS_REFERENCES": str(references)},
                             cwd=REPO)
    return run.returncode, json.loads(out.read_text()), peak


def outputs(results):
    return [test["output"] for test in results["tests"]]


def assert_full_marks(results):
    assert results["score"] == TOTAL, [t["output"] for t in results["tests"] if t.get("status") == "failed"]
    assert not [text for text in outputs(results) if "memory" in text.lower()]
    assert "grader_faults" not in results.get("extra_data", {})


def assert_named(mutant, results):
    assert results["score"] < TOTAL
    failed = [t for t in results["tests"] if t.get("status") == "failed"]
    assert any(mutant.message in t["output"] for t in failed), [t["output"] for t in failed]
    assert mutant.mistake in {t["extra_data"].get("mistake") for t in failed}
    assert "grader_faults" not in results.get("extra_data", {})


def test_answer_key_and_release_at_full_scale_in_768_mb(full, tmp_path):
    key, references, _, _ = full
    with ThreadPoolExecutor(2) as pool:
        (status, results, peak), (release_status, release, _) = pool.map(
            lambda item: grade_standalone(item[0], references, tmp_path / item[1]),
            [(key, "key"), (RELEASE, "release")])
    assert status == 0 and release_status == 0
    assert_full_marks(results)
    assert "512 MB of memory per part (the machine allows 768 MB" in results["output"]
    assert peak is None or peak < CONTAINER_MB
    assert release["score"] == 0


@pytest.mark.parametrize("mutant", MUTANTS, ids=[m.name for m in MUTANTS])
def test_each_mutant_loses_points_with_a_message_naming_the_mistake_at_full_scale(full, mutant, tmp_path):
    key, references, _, _ = full
    submission = make_mutant(key, tmp_path / "fc_nets", mutant.name)
    status, results, _ = grade_standalone(submission, references, tmp_path)
    assert status == 0
    assert_named(mutant, results)


@pytest.fixture(scope="module")
def gradescope_full(full, tmp_path_factory):
    """/autograder with the full-scale zip unpacked and setup.sh run, which downloads the stand-in's archive (as the
    course's CIFAR10_URL) and derives the grader's training images from it."""
    _, references, _, archive = full
    root = tmp_path_factory.mktemp("autograder")
    md5 = hashlib.md5(archive.read_bytes()).hexdigest()
    zip_path = build_gradescope_zip(root / "fc_nets_gradescope.zip", references=references,
                                    cifar10_url=archive.as_uri(), cifar10_md5=md5)
    with zipfile.ZipFile(zip_path) as zf:
        zf.extractall(root / "source")
        names = zf.namelist()
    for script in ("setup.sh", "run_autograder"):
        os.chmod(root / "source" / script, 0o755)
    setup = subprocess.run(["bash", str(root / "source" / "setup.sh")], capture_output=True, text=True,
                           env=dict(os.environ, AUTOGRADER_ROOT=str(root), PIP_NO_INDEX="1"))
    assert setup.returncode == 0, setup.stdout[-2000:] + setup.stderr[-2000:]
    return root, zip_path, names, setup


def test_the_full_scale_zip_leaves_the_images_to_setup(gradescope_full, full):
    root, zip_path, names, setup = gradescope_full
    _, references, _, _ = full
    assert f"autograder/references/{IMAGES_FILE}" not in names
    assert zip_path.stat().st_size < 10 * 2**20  # the 147 MB of images would make it 129 MB
    derived = root / "source" / "autograder" / "references" / IMAGES_FILE
    assert derived.read_bytes() == (references / IMAGES_FILE).read_bytes()
    assert "Installed CIFAR-10" in setup.stdout


def test_setup_refuses_other_data(gradescope_full, tmp_path):
    """A CIFAR-10 copy other than the one the references were built on is refused, not graded against."""
    root, _, _, _ = gradescope_full
    run = subprocess.run([str(root / "venv" / "bin" / "python"), "-m", "autograder", "references", "--images-only",
                          "--data", str(REPO / "datasets" / "cifar-10-subset" / "cifar-10-batches-py"),
                          "--out", str(shutil.copytree(root / "source" / "autograder" / "references", tmp_path / "r"))],
                         cwd=root / "source", capture_output=True, text=True)
    assert run.returncode != 0 and "SHA-256 differs" in run.stderr


def run_autograder(root, submission, tmp):
    for folder in ("submission", "results"):
        shutil.rmtree(root / folder, ignore_errors=True)
        (root / folder).mkdir()
    shutil.copytree(submission, root / "submission", dirs_exist_ok=True)
    env = {"AUTOGRADER_ROOT": str(root)}
    run, _ = in_container([str(root / "source" / "run_autograder")], tmp, env=env, cwd="/")
    assert run.returncode == 0, run.stderr[-2000:]
    return json.loads((root / "results" / "results.json").read_text())


def test_gradescope_at_full_scale_in_768_mb(gradescope_full, full, tmp_path):
    root, _, _, _ = gradescope_full
    key, _, _, _ = full
    assert_full_marks(run_autograder(root, key, tmp_path))
    assert run_autograder(root, RELEASE, tmp_path)["score"] == 0
    for name in SOME_MUTANTS:
        mutant = next(m for m in MUTANTS if m.name == name)
        assert_named(mutant, run_autograder(root, make_mutant(key, tmp_path / name / "fc_nets", name), tmp_path))


def test_nbgrader_autograde_at_full_scale_in_768_mb(full, tmp_path):
    """nbgrader autograde of a class at full scale inside the container: the kit grades each submission in the
    sandbox and runs only the notebooks' grade cells, so nothing loads the 602 MB of float32 images."""
    key, references, folder, _ = full
    course = make_course(tmp_path / "course")
    run_nbgrader("generate_assignment", "fc_nets", cwd=course, capture_output=True)
    submitted = course / "submitted"
    shutil.copytree(key, submitted / "alice" / "fc_nets", ignore=shutil.ignore_patterns("figures"))
    shutil.copytree(RELEASE, submitted / "bob" / "fc_nets")
    for student, name in zip(("carol", "dave", "erin"), SOME_MUTANTS):
        make_mutant(key, submitted / student / "fc_nets", name)
    run, peak = in_container([sys.executable, "-m", "nbgrader", "autograde", "fc_nets"], tmp_path, cwd=course,
                             env={"FC_NETS_REFERENCES": str(references), "FC_NETS_CIFAR10_DIR": str(folder)})
    assert run.returncode == 0, run.stderr[-3000:]
    assert peak is None or peak < CONTAINER_MB
    from nbgrader.api import Gradebook

    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", "fc_nets_course") as gb:
        scores = {student: gb.find_submission("fc_nets", student).score for student in
                  ("alice", "bob", "carol", "dave", "erin")}
    assert scores["alice"] == TOTAL and scores["bob"] == 0
    assert all(scores[student] < TOTAL for student in ("carol", "dave", "erin"))
    for student, name in [("alice", None), *zip(("carol", "dave", "erin"), SOME_MUTANTS)]:
        results = json.loads((course / "autograded" / student / "fc_nets" / "results.json").read_text())
        if name is None:
            assert_full_marks(results)
        else:
            assert_named(next(m for m in MUTANTS if m.name == name), results)
            assert results["score"] == scores[student]
