"""solutions/ is the executed answer key: in sync with source/, valid for nbgrader, and correct."""
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from autograder.layout import SOLUTIONS
from autograder.nbgrader_cli import run_nbgrader
from autograder.solutions import build_solutions, link_dataset
from autograder.spec import GRADED_LOGS, LOGS
from test_release import files_of

SEED_NUMBERS = [
    "Mean of train-time output: 10.014059116977283", "Mean of train-time output: 9.977917658761159",
    "Fraction of train-time output set to zero: 0.749784", "Fraction of train-time output set to zero: 0.600796",
    "Fraction of train-time output set to zero: 0.30074",
    "Initial loss: 2.3004790897684924", "Initial loss: 2.302371489704412", "Initial loss: 2.3042759220785896",
]


@pytest.fixture(scope="session")
def rebuilt_solutions(tmp_path_factory, subset_dir):
    return build_solutions(out=tmp_path_factory.mktemp("solutions") / "fc_nets", data_dir=subset_dir, log=lambda _: None)


def outputs_text(notebook_path):
    nb = json.loads(Path(notebook_path).read_text())
    return "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"])


def test_committed_solutions_are_byte_identical_to_a_fresh_build(rebuilt_solutions):
    fresh, committed = files_of(rebuilt_solutions), files_of(SOLUTIONS)
    assert sorted(fresh) == sorted(committed), "file lists differ: regenerate with `python -m autograder solutions`"
    for name in fresh:
        assert fresh[name] == committed[name], f"{name} differs: regenerate solutions/ instead of editing it"


def test_solved_notebook_prints_the_seed_numbers_and_no_errors(rebuilt_solutions):
    nb = json.loads((rebuilt_solutions / "Dropout.ipynb").read_text())
    assert not any(o["output_type"] == "error" for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"])
    text = outputs_text(rebuilt_solutions / "Dropout.ipynb")
    for expected in SEED_NUMBERS:
        assert expected in text
    # The 0.7 mean agrees with the seed's 9.987811912159426 to the last bits.
    line = next(l for l in text.splitlines() if l.startswith("Mean of train-time output: 9.98781"))
    assert abs(float(line.split(": ")[1]) - 9.987811912159426) / 9.987811912159426 <= 1e-12
    assert "X_train: (4170, 3, 32, 32)" in text


def test_fully_connected_and_batchnorm_notebooks_print_the_seed_numbers(rebuilt_solutions):
    text = outputs_text(rebuilt_solutions / "FullyConnectedNets.ipynb") + outputs_text(
        rebuilt_solutions / "BatchNormalization.ipynb")
    for name in ("FullyConnectedNets.ipynb", "BatchNormalization.ipynb"):
        nb = json.loads((rebuilt_solutions / name).read_text())
        assert not any(o["output_type"] == "error" for c in nb["cells"] if c["cell_type"] == "code"
                       for o in c["outputs"])
    for expected in ["dx error: 5.399100368651805e-11", "difference: 4.999999798022158e-08",
                     "loss: 8.999602749096233", "loss: 2.302545844500738", "Initial loss: 2.3004790897684924",
                     "Initial loss: 7.052114776533016", "sgd_momentum next_w error: 8.882347033505819e-09",
                     "rmsprop next_w error: 9.524687511038133e-08", "adam next_w error: 1.1395691798535431e-07",
                     "Largest absolute error of the first rows: 4.3424073226105975e-09",
                     "Test-time scores error: 5.00e-08"]:
        assert expected in text
    assert "speedup" not in text  # timing output is left out of the answer key


def test_experiment_logs_record_their_run_and_data(rebuilt_solutions):
    written = sorted(p.relative_to(rebuilt_solutions).as_posix() for p in rebuilt_solutions.rglob("*.npz"))
    assert written == sorted(GRADED_LOGS)  # every log the notebooks write is graded
    logs = [rebuilt_solutions / name for name in LOGS.values()]
    configs = {}
    for path in logs:
        with np.load(path, allow_pickle=False) as log:
            assert len(log["train_acc_history"]) == len(log["val_acc_history"]) == 26
            assert len(log["loss_history"]) == 125
            configs[path.name] = json.loads(str(log["config"]))
            configs[path.name]["final_train_acc"] = float(log["train_acc_history"][-1])
    keep1, keep025 = configs["dropout_regularization_keep1.npz"], configs["dropout_regularization_keep0.25.npz"]
    assert (keep1["model"]["dropout_keep_ratio"], keep025["model"]["dropout_keep_ratio"]) == (1.0, 0.25)
    for config in (keep1, keep025):
        assert config["num_train"] == 500 and config["num_val"] == 1000 and config["seed"] == 231
        assert config["update_rule"] == "adam" and config["optim_config"] == {"learning_rate": 5e-4}
    assert keep1["data_fingerprint"] == keep025["data_fingerprint"]
    assert keep1["final_train_acc"] > keep025["final_train_acc"]  # the regularization effect
    assert (rebuilt_solutions / "figures" / "dropout_regularization.png").stat().st_size > 10_000


def test_nbgrader_validate_passes_on_the_solution(tmp_path, subset_dir):
    work = tmp_path / "fc_nets"
    shutil.copytree(SOLUTIONS, work)
    link_dataset(work, subset_dir)
    result = run_nbgrader("validate", "Dropout.ipynb", cwd=work, check=False, capture_output=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Success! Your notebook passes all the tests." in result.stdout


def test_committed_references_are_byte_identical_to_a_fresh_build(tmp_path, subset_dir):
    from autograder.layout import REFERENCES
    from autograder.references import build_references

    fresh = build_references(data_dir=subset_dir, out=tmp_path / "references", log=lambda _: None)
    assert files_of(fresh) == files_of(REFERENCES), "regenerate with `python -m autograder references`"
