"""Student code runs sandboxed: grader files, the network, other processes and the other parts are out of reach."""
import os
import shutil
import socket
import textwrap

import pytest

from autograder.grade import grade
from autograder.layout import REFERENCES, SOLUTIONS, SOURCE
from autograder.sandbox import landlock_abi
from autograder.parts import PARTS
from autograder.report import part_scores

pytestmark = pytest.mark.skipif(landlock_abi() < 4, reason="needs Linux Landlock ABI 4 or newer")

HOSTILE = '''
def dropout_forward(x, dropout_param):
    import os, socket
    report = []
    for number, path in enumerate({reads!r}):
        try:
            with open(path, "rb") as f:
                report.append(f"READ{{number}} {{f.read(40)!r}}")
        except OSError as exc:
            report.append(f"read{{number}}={{type(exc).__name__}}")
    try:
        with open({canary!r}, "w") as f:
            f.write("overwritten")
        report.append("WROTE")
    except OSError as exc:
        report.append(f"write={{type(exc).__name__}}")
    try:
        socket.create_connection(("127.0.0.1", {port}), timeout=2)
        report.append("CONNECTED")
    except OSError as exc:
        report.append(f"connect={{type(exc).__name__}}")
    try:
        os.kill({grader_pid}, 0)
        report.append("SIGNALLED")
    except OSError as exc:
        report.append(f"signal={{type(exc).__name__}}")
    # The other parts, in the same sandbox: their inputs, their outputs, the process that runs them.
    try:
        with open("out/affine_layer/affine.npz", "wb") as f:
            f.write(b"forged")
        report.append("FORGED")
    except OSError as exc:
        report.append(f"forge={{type(exc).__name__}}")
    try:
        os.kill(os.getppid(), 0)
        report.append("SIGNALLED THE SUPERVISOR")
    except OSError as exc:
        report.append(f"supervisor={{type(exc).__name__}}")
    raise RuntimeError(" | ".join(report))
'''


def test_student_code_cannot_reach_grader_files_network_or_processes(tmp_path):
    canary = tmp_path / "canary.txt"
    canary.write_text("secret canary 4242")
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.settimeout(0.5)
    reads = [str(REFERENCES / "dropout_regularization_keep1.npz"), str(PARTS["dropout_forward"].checks_file),
             str(SOURCE / "deeplearning" / "layers.py"), str(canary), "/etc/shadow", "inputs/affine_layer.npz"]
    submission = tmp_path / "fc_nets"
    shutil.copytree(SOLUTIONS, submission, ignore=shutil.ignore_patterns("figures"))
    layers = submission / "deeplearning" / "layers.py"
    layers.write_text(layers.read_text() + textwrap.dedent(HOSTILE.format(
        reads=reads, canary=str(canary), port=listener.getsockname()[1], grader_pid=os.getpid())))

    results = grade(submission, timeout=30)

    report = next(t["output"] for t in results["tests"] if t.get("status") == "failed")
    for number in range(len(reads)):
        assert f"read{number}=PermissionError" in report, report
    for action in ("write", "connect", "signal", "forge", "supervisor"):
        assert f"{action}=PermissionError" in report, report
    assert canary.read_text() == "secret canary 4242"
    with pytest.raises(socket.timeout):
        listener.accept()
    assert "READ" not in str(results) and "secret canary" not in str(results)
    assert part_scores(results)["affine_layer"][0] == PARTS["affine_layer"].points  # its outputs were not forged
