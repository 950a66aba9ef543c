"""Broken and hostile submissions: the grader always writes results.json, and only affected parts lose points."""
import json
import os
import shutil
import zipfile

import numpy as np
import pytest

from autograder.grade import grade
from autograder.layout import SOLUTIONS
from autograder.parts import PARTS
from autograder.report import part_scores

FULL = {name: part.points for name, part in PARTS.items()}  # every part, full marks
BACKWARD_BODY = "        dx = dout * mask\n"


@pytest.fixture
def submission(tmp_path):
    folder = tmp_path / "fc_nets"
    shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("figures"))
    return folder


def edit(folder, relpath, old, new):
    path = folder / relpath
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def graded(folder, **kwargs):
    out = folder.parent / "results.json"
    results = grade(folder, out=out, **kwargs)
    assert json.loads(out.read_text()) == results  # always written
    scores = {part: score for part, (score, _) in part_scores(results).items()}
    messages = " || ".join(t["output"] for t in results["tests"] if t.get("status") == "failed")
    return scores, messages, results


def test_unreadable_notebook_costs_nothing_but_its_answers(submission):
    (submission / "Dropout.ipynb").write_text("{ this is not json")
    scores, _, results = graded(submission)
    assert scores == FULL
    assert "Dropout.ipynb is not a readable notebook" in results["output"]


def test_missing_package_is_graded_as_the_stubs(submission):
    shutil.rmtree(submission / "deeplearning")
    scores, messages, results = graded(submission)
    assert scores["dropout_forward"] == scores["dropout_backward"] == scores["fc_net"] == 0
    # Logs count only if the submitted code reproduces them, and stubs reproduce nothing.
    assert scores["regularization_logs"] == scores["best_model"] == 0
    assert "could not be replayed with your code (NotImplementedError" in messages
    assert "deeplearning/layers.py is missing: the released stub was graded in its place." in results["output"]


def test_syntax_error_costs_the_parts_using_the_file(submission):
    edit(submission, "deeplearning/classifiers/fc_net.py", "class FullyConnectedNet:", "class FullyConnectedNet(:")
    scores, messages, _ = graded(submission)
    assert scores["dropout_forward"] == 10 and scores["dropout_backward"] == 5
    assert scores["fc_net"] == 0
    assert "SyntaxError" in messages and "fc_net.py, line" in messages


def test_exception_and_sys_exit_at_import(submission):
    edit(submission, "deeplearning/classifiers/fc_net.py", "import numpy as np\n",
         "import numpy as np\nraise RuntimeError('boom at import')\n")
    scores, messages, _ = graded(submission)
    assert scores["fc_net"] == 0 and "RuntimeError: boom at import" in messages
    assert scores["dropout_forward"] == 10

    edit(submission, "deeplearning/layers.py", "import numpy as np\n", "import numpy as np\nimport sys\nsys.exit(3)\n")
    scores, messages, _ = graded(submission)
    assert scores["dropout_forward"] == 0 and "SystemExit: 3" in messages


def test_os_exit_in_one_function_costs_only_what_calls_it(submission):
    edit(submission, "deeplearning/layers.py", BACKWARD_BODY, "        import os\n        os._exit(7)\n")
    scores, messages, _ = graded(submission)
    assert scores["dropout_forward"] == 10
    assert scores["dropout_backward"] == 0
    assert "the process ended with exit code 7" in messages


def test_infinite_loop_hits_the_time_limit(submission):
    edit(submission, "deeplearning/layers.py", BACKWARD_BODY, "        while True:\n            pass\n")
    scores, messages, _ = graded(submission, timeout=8)
    assert scores["dropout_forward"] == 10 and scores["dropout_backward"] == 0
    assert "did not finish within the time limit of 8 s" in messages


def test_memory_bomb_hits_the_memory_limit(submission):
    edit(submission, "deeplearning/layers.py", BACKWARD_BODY,
         "        hog = [np.ones(10**8) for _ in range(100)]\n        dx = dout * mask\n")
    scores, messages, _ = graded(submission, memory_mb=1500)
    # Only the train-mode check needs that code; the test-mode check still passes.
    assert scores["dropout_forward"] == 10 and scores["dropout_backward"] < 5
    assert "MemoryError" in messages


@pytest.mark.parametrize("replacement, message", [
    ("out = x * mask * np.nan", "contains NaN or infinity"),
    ("out = (x * mask).ravel()", "expected shape (400, 1000), got (400000,)"),
    ("out = None", "your code returns None here"),
])
def test_bad_outputs_are_named(submission, replacement, message):
    edit(submission, "deeplearning/layers.py", "        out = x * mask\n", f"        {replacement}\n")
    scores, messages, _ = graded(submission)
    assert scores["dropout_forward"] < 10 and message in messages


def test_oversized_and_linked_logs_are_refused(submission):
    big = submission / "submission_logs" / "dropout_regularization_keep1.npz"
    big.write_bytes(os.urandom(6_000_000))
    link = submission / "submission_logs" / "dropout_regularization_keep0.25.npz"
    link.unlink()
    link.symlink_to("/etc/passwd")
    scores, messages, _ = graded(submission)
    assert scores["regularization_logs"] == 0
    assert "keep1.npz is larger than 5 MB" in messages
    assert scores["fc_net"] == 10


def test_unsafe_zip_and_nonsense_paths_still_give_results(tmp_path):
    archive = tmp_path / "evil.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("../outside.txt", "x")
    _, _, results = graded_path(archive)
    assert results["score"] == 0 and "unsafe entry '../outside.txt'" in results["output"]
    assert not (tmp_path.parent / "outside.txt").exists()
    _, _, results = graded_path(tmp_path / "does-not-exist")
    assert results["score"] == 0 and "neither an assignment folder nor a zip" in results["output"]


def graded_path(path):
    results = grade(path, out=path.parent / "r.json")
    return None, None, results


def test_nested_zip_from_an_archiver_is_found(tmp_path, submission):
    archive = tmp_path / "upload.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for path in submission.rglob("*"):
            zf.write(path, "my-homework/fc_nets/" + path.relative_to(submission).as_posix())
    results = grade(archive)
    assert results["score"] == 111


def test_a_flood_of_output_does_not_hurt(submission):
    edit(submission, "deeplearning/layers.py", "import numpy as np\n", "import numpy as np\nprint('x' * 20_000_000)\n")
    scores, _, _ = graded(submission)
    assert scores == FULL


def test_endless_output_is_cut_off(submission):
    edit(submission, "deeplearning/layers.py", BACKWARD_BODY, "        print('x' * 300_000_000)\n        dx = dout * mask\n")
    scores, messages, _ = graded(submission)
    assert scores["dropout_forward"] == 10 and scores["dropout_backward"] < 5
    assert "wrote more than 256 MB of output" in messages


def test_nan_in_logs(submission):
    path = submission / "submission_logs" / "dropout_regularization_keep1.npz"
    with np.load(path, allow_pickle=False) as npz:
        arrays = {k: npz[k] for k in npz.files}
    arrays["loss_history"][3] = np.nan
    np.savez(path, **arrays)
    scores, messages, _ = graded(submission)
    assert scores["regularization_logs"] < 10 and "loss_history contains NaN or infinity" in messages
