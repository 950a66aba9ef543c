"""The Colab workflow, end to end, with a fake google.colab module and a temporary "Drive".

A real kernel runs the solved notebook as a student would on Colab: google.colab
is imported at kernel start (as on Colab), the setup cell mounts the "Drive",
finds the assignment folder, downloads CIFAR-10 into it (from a loopback HTTP
server standing in for the CIFAR site), and the experiment writes its logs there.
Then collect_submission.py packs the zip, which the grader scores.
"""
import functools
import hashlib
import http.server
import json
import re
import shutil
import subprocess
import sys
import tarfile
import threading

import pytest
from nbclient.exceptions import CellExecutionError

from autograder.grading.pipeline import grade
from autograder.layout import SOLUTIONS
from autograder.parts.graded_experiments import REGULARIZATION
from autograder.course.notebooks import execute_notebook

FAKE_DRIVE_MODULE = '''
def mount(mountpoint, force_remount=False):
    print(f"Mounted at {mountpoint}")
'''


@pytest.fixture
def colab(tmp_path, monkeypatch, subset_dir):
    """A fake Colab: (the Drive's My Drive folder, the kernel's working directory)."""
    fake = tmp_path / "fake-colab"
    (fake / "google" / "colab").mkdir(parents=True)
    (fake / "google" / "colab" / "__init__.py").write_text("from . import drive\n")
    (fake / "google" / "colab" / "drive.py").write_text(FAKE_DRIVE_MODULE)
    startup = tmp_path / "ipython" / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-colab.py").write_text("import google.colab\n")  # Colab kernels start with it imported

    served = tmp_path / "served"
    served.mkdir()
    with tarfile.open(served / "cifar-10-python.tar.gz", "w:gz") as tar:
        tar.add(subset_dir, arcname="cifar-10-batches-py")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    drive = tmp_path / "drive"
    (drive / "MyDrive").mkdir(parents=True)
    content = tmp_path / "content"  # Colab's working directory, outside Drive
    content.mkdir()
    monkeypatch.setenv("PYTHONPATH", str(fake))
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    monkeypatch.setenv("COLAB_DRIVE_ROOT", str(drive))
    monkeypatch.setenv("CIFAR10_URL", f"http://127.0.0.1:{server.server_address[1]}/cifar-10-python.tar.gz")
    monkeypatch.setenv("CIFAR10_MD5", hashlib.md5((served / "cifar-10-python.tar.gz").read_bytes()).hexdigest())
    yield drive / "MyDrive", content
    server.shutdown()


def upload(my_drive, relative):
    """The student's solved assignment folder, as uploaded to Drive (no data, no logs yet)."""
    folder = my_drive / relative
    shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("figures"))
    for log, _ in REGULARIZATION.logs.values():  # Dropout.ipynb, run here, writes them
        (folder / log).unlink()
    return folder


def outputs(path):
    nb = json.loads(path.read_text())
    return "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"])


def test_colab_workflow_end_to_end(colab, tmp_path):
    my_drive, content = colab
    (my_drive / "other-course").mkdir()
    folder = upload(my_drive, "courses/dl/fc_nets")

    execute_notebook(folder / "Dropout.ipynb", cwd=content)

    text = outputs(folder / "Dropout.ipynb")
    assert f"Mounted at {my_drive.parent}" in text
    assert f"Assignment folder: {folder}" in text
    assert "Installed CIFAR-10" in text and "X_train: (4170, 3, 32, 32)" in text
    assert (folder / "deeplearning" / "datasets" / "cifar-10-batches-py" / "data_batch_5").is_file()
    for keep in ("1", "0.25"):
        assert (folder / "submission_logs" / f"dropout_regularization_keep{keep}.npz").is_file()
    assert not (content / "submission_logs").exists()
    summaries = re.findall(r"(\d+) of (\d+) public checks passed", text)  # the self-check cells ran
    assert len(summaries) == 4 and all(passed == total for passed, total in summaries) and "FAILED" not in text

    collected = subprocess.run([sys.executable, "collect_submission.py"], cwd=folder, capture_output=True, text=True)
    assert collected.returncode == 0, collected.stderr
    assert grade(folder / "fc_nets_submission.zip")["score"] == 111


def test_setup_cell_errors_clearly_without_an_assignment_folder(colab):
    my_drive, content = colab
    notebook = content / "Dropout.ipynb"
    shutil.copy(SOLUTIONS / "Dropout.ipynb", notebook)
    with pytest.raises(CellExecutionError, match="No assignment folder found in"):
        execute_notebook(notebook, cwd=content)


def test_foldername_picks_one_of_several_copies(colab):
    my_drive, content = colab
    upload(my_drive, "old/fc_nets")
    chosen = upload(my_drive, "new/fc_nets")
    nb = json.loads((chosen / "Dropout.ipynb").read_text())
    setup = next(c for c in nb["cells"] if c["id"] == "colab-setup")
    setup["source"] = "".join(setup["source"]).replace("FOLDERNAME = None", 'FOLDERNAME = "new/fc_nets"')
    (chosen / "Dropout.ipynb").write_text(json.dumps(nb))
    execute_notebook(chosen / "Dropout.ipynb", cwd=content)
    assert f"Assignment folder: {chosen}" in outputs(chosen / "Dropout.ipynb")
    assert (chosen / "submission_logs" / "dropout_regularization_keep1.npz").is_file()
