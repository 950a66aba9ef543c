"""Plain `nbgrader generate_assignment` gives a stubbed, leak-free release equal to release/."""
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest

from autograder.layout import NOTEBOOKS, RELEASE, SOURCE
from autograder.course.leakcheck import find_leaks
from autograder.course.nbgrader_cli import run_nbgrader
from autograder.course.stubs import StubError, stub_source


def files_of(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file()}


@pytest.mark.xdist_group("nbgrader")  # the release of the shared course (conftest.py)
def test_committed_release_is_byte_identical_to_a_fresh_generation(generated_release):
    release, result = generated_release
    assert result.returncode == 0, result.stderr
    fresh, committed = files_of(release), files_of(RELEASE)
    assert sorted(fresh) == sorted(committed), "file lists differ: regenerate with `nbgrader generate_assignment fc_nets --force`"
    for name in fresh:
        assert fresh[name] == committed[name], f"{name} differs: regenerate release/ instead of editing it"


@pytest.mark.xdist_group("nbgrader")  # the release of the shared course (conftest.py)
def test_fresh_release_passes_the_leak_check_and_holds_no_solution(generated_release):
    release, result = generated_release
    assert "leak check passed" in result.stdout
    assert find_leaks(SOURCE, release) == []
    layers = (release / "deeplearning" / "layers.py").read_text()
    assert "np.random.rand(*x.shape) < p) / p" not in layers
    assert layers.count("raise NotImplementedError") == 13
    for name in NOTEBOOKS:
        nb = json.loads((release / name).read_text())
        answers = [c for c in nb["cells"] if c["metadata"].get("nbgrader", {}).get("solution")
                   and c["cell_type"] == "markdown"]
        assert answers and all("".join(c["source"]) == "YOUR ANSWER HERE" for c in answers)
        assert not any(c.get("outputs") for c in nb["cells"])


STUB_PROBE = textwrap.dedent('''
    import numpy as np
    import deeplearning.data_utils, deeplearning.gradient_check, deeplearning.layer_utils, deeplearning.optim
    import deeplearning.solver, deeplearning.datasets.get_datasets
    from deeplearning.layers import dropout_backward, dropout_forward, affine_forward, batchnorm_forward, softmax_loss
    from deeplearning.classifiers.fc_net import FullyConnectedNet, TwoLayerNet
    from deeplearning.optim import adam, sgd

    softmax_loss(np.zeros((2, 3)), np.array([0, 1]))  # given code works
    sgd(np.ones(3), np.ones(3))
    calls = {
        "affine": lambda: affine_forward(np.ones((2, 3)), np.ones((3, 4)), np.zeros(4)),
        "batchnorm": lambda: batchnorm_forward(np.ones((2, 3)), np.ones(3), np.zeros(3), {"mode": "train"}),
        "two-layer": lambda: TwoLayerNet(input_dim=3, hidden_dim=4, num_classes=2),
        "adam": lambda: adam(np.ones(3), np.ones(3)),
        "forward-train": lambda: dropout_forward(np.ones(3), {"mode": "train", "p": 0.5}),
        "forward-test": lambda: dropout_forward(np.ones(3), {"mode": "test", "p": 0.5}),
        "backward": lambda: dropout_backward(np.ones(3), ({"mode": "train", "p": 0.5}, np.ones(3))),
        "net": lambda: FullyConnectedNet([5], input_dim=3, num_classes=2),
    }
    for name, call in calls.items():
        try:
            call()
            print(name, "returned")
        except NotImplementedError as exc:
            print(name, "NotImplementedError:", exc)
''')


@pytest.mark.xdist_group("nbgrader")  # the release of the shared course (conftest.py)
def test_released_package_imports_and_stubs_explain_themselves(generated_release, tmp_path):
    release, _ = generated_release
    result = subprocess.run([sys.executable, "-c", STUB_PROBE], cwd=release, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    lines = dict(line.split(" ", 1) for line in result.stdout.strip().splitlines())
    assert lines["forward-train"] == "NotImplementedError: dropout_forward in deeplearning/layers.py: implement the TODO above this line"
    assert lines["forward-test"].startswith("NotImplementedError: dropout_forward")
    assert lines["backward"].startswith("NotImplementedError: dropout_backward")
    assert lines["net"] == ("NotImplementedError: FullyConnectedNet.__init__ in deeplearning/classifiers/fc_net.py: "
                            "implement the TODO above this line")
    assert lines["affine"].startswith("NotImplementedError: affine_forward in deeplearning/layers.py")
    assert lines["batchnorm"].startswith("NotImplementedError: batchnorm_forward in deeplearning/layers.py")
    assert lines["two-layer"].startswith("NotImplementedError: TwoLayerNet.__init__ in deeplearning/classifiers/fc_net.py")
    assert lines["adam"].startswith("NotImplementedError: adam in deeplearning/optim.py")


@pytest.fixture
def release_copy(tmp_path):
    copy = tmp_path / "fc_nets"
    shutil.copytree(RELEASE, copy)
    return copy


def test_leak_check_catches_a_solution_line(release_copy):
    layers = release_copy / "deeplearning" / "layers.py"
    layers.write_text(layers.read_text() + "\n        dx = dout * mask\n")
    assert any("solution or hidden-test line 'dx = dout * mask'" in p for p in find_leaks(SOURCE, release_copy))


def test_leak_check_catches_a_written_answer(release_copy):
    nb_path = release_copy / "Dropout.ipynb"
    source_nb = json.loads((SOURCE / "Dropout.ipynb").read_text())
    answer = next(c for c in source_nb["cells"] if c["id"] == "inline-question-1-answer")
    nb = json.loads(nb_path.read_text())
    next(c for c in nb["cells"] if c["id"] == "inline-question-1-answer")["source"] = answer["source"]
    nb_path.write_text(json.dumps(nb))
    assert any("Dropout.ipynb: solution or hidden-test line" in p for p in find_leaks(SOURCE, release_copy))


def test_leak_check_catches_outputs_files_delimiters_and_grader_imports(release_copy):
    nb_path = release_copy / "Dropout.ipynb"
    nb = json.loads(nb_path.read_text())
    nb["cells"][3]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi"}]
    nb_path.write_text(json.dumps(nb))
    (release_copy / "submission_logs").mkdir()
    np.savez(release_copy / "submission_logs" / "ref.npz", a=np.ones(2))
    (release_copy / "deeplearning" / "extra.py").write_text("### BEGIN HIDDEN TESTS\nfrom autograder import grade\n")
    (release_copy / "fc_nets_written_answers.pdf").write_bytes(b"%PDF-1.4")  # the answer key's, made in source/
    problems = "\n".join(find_leaks(SOURCE, release_copy))
    assert "Dropout.ipynb: a released notebook must not carry outputs" in problems
    assert "submission_logs: this kind of file never belongs" in problems
    assert "fc_nets_written_answers.pdf: this kind of file never belongs" in problems
    assert "contains the delimiter 'BEGIN HIDDEN TESTS'" in problems
    assert "imports the grader" in problems


def test_leak_check_catches_reference_values(release_copy, tmp_path):
    references = tmp_path / "references"
    references.mkdir()
    np.savez(references / "ref.npz", val_acc_history=np.array([0.28173913, 0.5]))
    (release_copy / "README.txt").write_text("best val acc 0.28173913\n")
    assert any("reference value 0.28173913" in p for p in find_leaks(SOURCE, release_copy, references))


def test_a_broken_source_makes_plain_nbgrader_fail_loudly(course):
    (course / "source" / "fc_nets" / "deeplearning" / "extra.py").write_text(
        "def f():\n    ### BEGIN SOLUTION\n    return 1\n")
    result = run_nbgrader("generate_assignment", "fc_nets", cwd=course, check=False, capture_output=True)
    assert result.returncode == 1
    assert "RELEASE REFUSED" in result.stderr and "never closed" in result.stderr
    assert not (course / "release" / "fc_nets").exists()


def test_a_stray_data_file_in_source_is_refused(course):
    (course / "source" / "fc_nets" / "model.pkl").write_bytes(b"\x80\x04N.")
    result = run_nbgrader("generate_assignment", "fc_nets", cwd=course, check=False, capture_output=True)
    assert result.returncode == 1 and "model.pkl: this kind of file never belongs" in result.stderr
    assert not (course / "release" / "fc_nets").exists()


def test_data_and_outputs_in_source_are_not_copied(course, subset_dir):
    assignment = course / "source" / "fc_nets"
    shutil.copytree(subset_dir, assignment / "deeplearning" / "datasets" / "cifar-10-batches-py")
    (assignment / "submission_logs").mkdir()
    (assignment / "submission_logs" / "run.npz").write_bytes(b"PK")
    result = run_nbgrader("generate_assignment", "fc_nets", cwd=course, capture_output=True)
    assert result.returncode == 0
    released = files_of(course / "release" / "fc_nets")
    assert not any("cifar-10-batches-py" in name or "submission_logs" in name for name in released)


def test_stub_source_keeps_indentation_and_rejects_broken_regions():
    text = "def f(x):\n    if x:\n        ### BEGIN SOLUTION\n        return 1\n        ### END SOLUTION\n    return 0\n"
    stubbed, count = stub_source(text, "m.py")
    assert count == 1
    assert '        raise NotImplementedError("f in m.py: implement the TODO above this line")' in stubbed
    assert "return 1" not in stubbed and "    return 0" in stubbed
    with pytest.raises(StubError, match="closes"):
        stub_source("x = 1\n### END SOLUTION\n", "m.py")
    with pytest.raises(StubError, match="inside another"):
        stub_source("### BEGIN SOLUTION\n### BEGIN SOLUTION\n", "m.py")
