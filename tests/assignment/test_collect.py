"""collect_submission.py: the student's zip, refused when the notebook was not run or a log is missing."""
import json
import shutil
import subprocess
import sys
import zipfile

from autograder.layout import RELEASE, SOLUTIONS


def collect(folder):
    return subprocess.run([sys.executable, "collect_submission.py"], cwd=folder, capture_output=True, text=True)


def test_a_finished_assignment_is_zipped(tmp_path):
    work = tmp_path / "fc_nets"
    shutil.copytree(SOLUTIONS, work)
    (work / "deeplearning" / "datasets" / "cifar-10-batches-py").mkdir()
    (work / "deeplearning" / "datasets" / "cifar-10-batches-py" / "data_batch_1").write_bytes(b"data")
    result = collect(work)
    assert result.returncode == 0, result.stderr
    names = zipfile.ZipFile(work / "fc_nets_submission.zip").namelist()
    assert {"FullyConnectedNets.ipynb", "BatchNormalization.ipynb", "Dropout.ipynb"} <= set(names)
    assert "submission_logs/weight_scale/scale0_batchnorm.npz" in names
    assert "submission_logs/dropout_regularization_keep1.npz" in names
    assert "submission_logs/dropout_regularization_keep0.25.npz" in names
    assert {"deeplearning/layers.py", "deeplearning/classifiers/fc_net.py", "deeplearning/optim.py"} <= set(names)
    assert not any("cifar-10" in name or name.endswith(".png") for name in names)


def test_the_untouched_release_is_refused(tmp_path):
    work = tmp_path / "fc_nets"
    shutil.copytree(RELEASE, work)
    result = collect(work)
    assert result.returncode == 1
    assert "code cells have not been run" in result.stderr
    assert "dropout_regularization_keep1.npz is missing" in result.stderr
    assert "Nothing was written" in result.stderr
    assert not (work / "fc_nets_submission.zip").exists()


def test_a_missing_log_or_unrun_cell_is_refused(tmp_path):
    work = tmp_path / "fc_nets"
    shutil.copytree(SOLUTIONS, work)
    (work / "submission_logs" / "dropout_regularization_keep0.25.npz").unlink()
    nb = json.loads((work / "Dropout.ipynb").read_text())
    next(c for c in nb["cells"] if c["cell_type"] == "code" and c["source"])["execution_count"] = None
    (work / "Dropout.ipynb").write_text(json.dumps(nb))
    result = collect(work)
    assert result.returncode == 1
    assert "keep0.25.npz is missing" in result.stderr and "1 of its" in result.stderr
    assert not (work / "fc_nets_submission.zip").exists()


def test_unanswered_questions_and_stale_logs_are_warned_about(tmp_path):
    work = tmp_path / "fc_nets"
    shutil.copytree(SOLUTIONS, work)
    nb = json.loads((work / "Dropout.ipynb").read_text())
    next(c for c in nb["cells"] if c["id"] == "inline-question-2-answer")["source"] = "YOUR ANSWER HERE"
    (work / "Dropout.ipynb").write_text(json.dumps(nb))
    (work / "deeplearning" / "layers.py").touch()  # code newer than the logs
    result = collect(work)
    assert result.returncode == 0
    assert "1 written answer(s) still say YOUR ANSWER HERE" in result.stdout
    assert "32 experiment log(s) are older than your last change to deeplearning/layers.py" in result.stdout
    assert "a log your code does not reproduce scores 0" in result.stdout
