"""Broken and hostile submissions: the grader always writes results.json, and only affected parts lose points."""
import json
import os
import shutil
import subprocess
import sys
import signal
import textwrap
import threading
import time
import zipfile
from pathlib import Path

import numpy as np
import pytest

from autograder.grading.pipeline import grade
from autograder.layout import REPO, SOLUTIONS
from autograder.parts import PARTS
from autograder.grading.report import part_scores
from autograder.sandbox.confinement import landlock_abi

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
    assert "did not return within the time limit of 8 s" in messages
    assert "dropout_backward in deeplearning/layers.py, line" in messages


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
    _, _, results = graded_path(tmp_path / "nonsense.txt", b"not a submission")
    assert results["score"] == 0 and "neither an assignment folder nor a zip" in results["output"]


def test_a_path_that_does_not_exist_is_the_instructors_slip(tmp_path):
    """grade says so first and exits 2 (still writing results.json, which Gradescope needs); the report starts
    with the reason, not 0 points with the reason last."""
    missing = tmp_path / "does-not-exist"
    run = subprocess.run([sys.executable, "-m", "autograder", "grade", str(missing), "--out", str(tmp_path / "r.json"),
                          "--parts", "affine_layer"], capture_output=True, text=True, cwd=REPO)
    assert run.returncode == 2
    assert run.stderr.splitlines()[0] == (f"error: {missing} does not exist: nothing was graded (results.json says "
                                          f"so, with 0 points)")
    results = json.loads((tmp_path / "r.json").read_text())
    assert results["score"] == 0 and results["extra_data"]["unreadable"] == f"{missing} does not exist."
    lines = run.stdout.splitlines()
    reason = lines.index(f"Nothing of the submission could be graded: {missing} does not exist.")
    assert reason < next(number for number, line in enumerate(lines) if line.startswith("Score: "))


def graded_path(path, content=None):
    if content is not None:
        path.write_bytes(content)
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


# ----------------------------------------------------------------------------- one sandbox, one process per part
# The student's dropout_backward runs in its own part and in the replay of the dropout logs.
RUN_DROPOUT_BACKWARD = {"dropout_backward", "regularization_logs"}


def lost(scores):
    return {part for part, score in scores.items() if score < FULL[part]}


@pytest.mark.parametrize("code, message", [
    ("os.kill(os.getpid(), signal.SIGSEGV)", "killed by SIGSEGV"),
    ("os.kill(os.getpid(), signal.SIGTERM)", "killed by SIGTERM"),
    ("os.killpg(0, signal.SIGKILL)", "killed by SIGKILL"),
])
def test_a_signal_costs_only_the_parts_running_that_code(submission, code, message):
    edit(submission, "deeplearning/layers.py", BACKWARD_BODY, f"        import os, signal\n        {code}\n")
    scores, messages, _ = graded(submission)
    assert "dropout_backward" in lost(scores) and lost(scores) <= RUN_DROPOUT_BACKWARD
    assert message in messages


@pytest.mark.skipif(landlock_abi() < 6, reason="without Landlock ABI 6, kill(-1) reaches the grader's processes")
def test_killing_every_process_in_reach_reaches_none_of_the_grader(submission):
    edit(submission, "deeplearning/layers.py", BACKWARD_BODY,
         "        import os, signal\n        os.kill(-1, signal.SIGKILL)\n" + BACKWARD_BODY)
    scores, _, _ = graded(submission)
    assert scores == FULL


def processes_running(*argv):
    found = []
    for cmdline in Path("/proc").glob("[0-9]*/cmdline"):
        try:
            if cmdline.read_bytes().split(b"\0")[:len(argv)] == [a.encode() for a in argv]:
                found.append(int(cmdline.parent.name))
        except OSError:
            pass
    return found


def test_processes_left_behind_are_killed(submission):
    edit(submission, "deeplearning/layers.py", BACKWARD_BODY,
         "        import os, subprocess\n"
         "        subprocess.Popen(['sleep', '371'], start_new_session=True)\n"
         "        if os.fork() == 0:\n"
         "            os.setsid()\n"
         "            os.execvp('sleep', ['sleep', '372'])\n" + BACKWARD_BODY)
    scores, _, _ = graded(submission)
    assert scores == FULL
    assert processes_running("sleep", "371") == processes_running("sleep", "372") == []


def test_a_killed_sandbox_costs_only_the_part_it_was_running(submission):
    """Student code cannot end the sandbox's supervisor (Landlock scopes its signals), but other causes can."""
    edit(submission, "deeplearning/layers.py", BACKWARD_BODY,
         "        import os, time\n"
         "        if os.environ['HOME'].endswith('dropout_backward'):\n"
         "            time.sleep(120)\n" + BACKWARD_BODY)
    results = []
    grading = threading.Thread(target=lambda: results.append(graded(submission)))
    grading.start()
    part = None
    while part is None and grading.is_alive():
        time.sleep(0.2)
        part = next((child for supervisor in children(os.getpid(), b"sandbox.supervisor")
                     for child in children(supervisor) if seconds_running(child) > 3), None)
    if part is not None:
        os.kill(parent(part), signal.SIGKILL)  # the supervisor
    grading.join()
    scores, messages, _ = results[0]
    assert part is not None and lost(scores) == {"dropout_backward"}
    assert "killed by SIGKILL" in messages
    assert not alive(part)


def children(pid, marker=b""):
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            if int(fields[1]) == pid and marker in (stat.parent / "cmdline").read_bytes():
                found.append(int(stat.parent.name))
        except (OSError, IndexError, ValueError):
            pass
    return found


def alive(pid):
    """The process exists and is not a zombie (dead, waiting for init to collect it)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "ZX"
    except (OSError, IndexError):
        return False


def parent(pid):
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def seconds_running(pid):
    try:
        started = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    except (OSError, IndexError, ValueError):
        return 0.0
    return float(Path("/proc/uptime").read_text().split()[0]) - started / os.sysconf("SC_CLK_TCK")


def test_the_grader_layers_refuse_the_layer_being_graded(submission):
    """In the layer normalization part the grader serves batch normalization, never layer normalization."""
    layers = submission / "deeplearning" / "layers.py"
    layers.write_text(layers.read_text() + textwrap.dedent('''
        def layernorm_forward(x, gamma, beta, ln_param):
            import sys
            grader = sys.modules["sandbox.stand_ins"].CLIENT
            return grader.call("layernorm_forward", {}, x=x, gamma=gamma, beta=beta)["out"], (x, gamma, beta)
    '''))
    scores, messages, _ = graded(submission)
    assert lost(scores) == {"layernorm"}
    assert "layernorm_forward is not one of the grader's layers for this part" in messages
