"""solutions/ is the executed answer key: in sync with source/ on any CPU, valid for nbgrader, and correct.

The answer key is regenerated here as another CPU would build it (OTHER_CPU), so the
sync tests prove on every machine that the committed answer key and references are
compared by meaning, not by bytes, and that either one grades the other at full marks.
"""
import json
import re
import shutil
from pathlib import Path

import numpy as np
import pytest

from autograder.course.compare import compare_folders, compare_notebooks, compare_npz, png_size
from autograder.grading.pipeline import grade
from autograder.layout import REFERENCES, SOLUTIONS
from autograder.course.nbgrader_cli import run_nbgrader
from autograder.course.references import build_references
from autograder.course.solutions import build_solutions, link_dataset
from autograder.parts.graded_experiments import GRADED_LOGS, LOG_BANDS, REGULARIZATION
from autograder.parts.public_checks import public

# OpenBLAS's Sandybridge kernels (AVX without FMA) round float32 products unlike the Haswell/Zen
# and SkylakeX kernels the project's machines pick, and numpy's AVX-512 loops are switched off:
# the answer key comes out as on another machine, wherever the tests run.
OTHER_CPU = {"OPENBLAS_CORETYPE": "Sandybridge", "NPY_DISABLE_CPU_FEATURES": "X86_V4 AVX512_ICL AVX512_SKX AVX512F"}

# Printed by the seed notebooks; the answer key must agree to 1e-12 relative.
SEED_NUMBERS = {
    "Mean of train-time output": [10.014059116977283, 9.977917658761159, 9.987811912159426],
    "Fraction of train-time output set to zero": [0.749784, 0.600796, 0.30074],
    "Initial loss": [2.300479089768492, 2.302371489704412, 2.30427592207859],
}
FCN_AND_BN_NUMBERS = {
    "loss": [8.999602749096233, 2.302545844500738],
    "Initial loss": [2.300479089768492, 7.052114776533016],
}
# Error magnitudes the seed notebooks print, with the bound their text states.
SEED_ERRORS = {"dx error": 1e-8, "Largest absolute error of the first rows": 1e-7, "Test-time scores error": 1e-7,
               "sgd_momentum next_w error": 1e-7, "rmsprop next_w error": 1e-6, "adam next_w error": 1e-6}

pytestmark = pytest.mark.xdist_group("answer_key")


@pytest.fixture(scope="session")
def rebuilt_solutions(tmp_path_factory, subset_dir):
    return build_solutions(out=tmp_path_factory.mktemp("solutions") / "fc_nets", data_dir=subset_dir,
                           log=lambda _: None, kernel_env=OTHER_CPU)


@pytest.fixture(scope="session")
def rebuilt_references(rebuilt_solutions, tmp_path_factory, subset_dir):
    return build_references(solutions=rebuilt_solutions, data_dir=subset_dir,
                            out=tmp_path_factory.mktemp("references"), log=lambda _: None)


def outputs_text(notebook_path):
    nb = json.loads(Path(notebook_path).read_text())
    return "".join("".join(o.get("text", "")) for c in nb["cells"] if c["cell_type"] == "code" for o in c["outputs"])


def printed(text, label):
    """The numbers printed after 'label: ' in text, in order."""
    return [float(m) for m in re.findall(rf"^{re.escape(label)}: (\S+)$", text, flags=re.MULTILINE)]


def test_answer_key_built_on_another_cpu_agrees_by_meaning_with_the_committed_one(rebuilt_solutions):
    assert compare_folders(rebuilt_solutions, SOLUTIONS) == []


def test_the_other_cpu_really_changes_the_floats(rebuilt_solutions):
    """Else the test above would prove nothing: the rebuilt logs must differ in their bytes."""
    changed = [name for name in GRADED_LOGS
               if (rebuilt_solutions / name).read_bytes() != (SOLUTIONS / name).read_bytes()]
    assert len(changed) > len(GRADED_LOGS) / 2, f"only {changed} changed under {OTHER_CPU}"


def test_references_built_on_another_cpu_agree_by_meaning_with_the_committed_ones(rebuilt_references):
    assert compare_folders(rebuilt_references, REFERENCES) == []


def test_answer_key_from_another_cpu_gets_full_marks_against_the_committed_references(rebuilt_solutions):
    results = grade(rebuilt_solutions, references=REFERENCES)
    failed = [(t["name"], t["output"]) for t in results["tests"] if t.get("status") == "failed"]
    assert failed == []


def test_committed_answer_key_gets_full_marks_against_references_from_another_cpu(rebuilt_references):
    results = grade(SOLUTIONS, references=rebuilt_references)
    failed = [(t["name"], t["output"]) for t in results["tests"] if t.get("status") == "failed"]
    assert failed == []


def test_solved_notebooks_print_the_seed_numbers_and_no_errors(rebuilt_solutions):
    for name in ("FullyConnectedNets.ipynb", "BatchNormalization.ipynb", "Dropout.ipynb"):
        nb = json.loads((rebuilt_solutions / name).read_text())
        assert not any(o["output_type"] == "error" for c in nb["cells"] if c["cell_type"] == "code"
                       for o in c["outputs"]), name
    dropout = outputs_text(rebuilt_solutions / "Dropout.ipynb")
    for label, values in SEED_NUMBERS.items():
        assert np.allclose(printed(dropout, label), values, rtol=1e-12, atol=0), label
    assert "X_train: (4170, 3, 32, 32)" in dropout
    others = outputs_text(rebuilt_solutions / "FullyConnectedNets.ipynb") + outputs_text(
        rebuilt_solutions / "BatchNormalization.ipynb")
    for label, values in FCN_AND_BN_NUMBERS.items():
        assert np.allclose(printed(others, label)[:len(values)], values, rtol=1e-12, atol=0), label
    for label, bound in SEED_ERRORS.items():
        found = printed(others, label)
        assert found and all(value < bound for value in found), (label, found)
    assert "speedup" not in others  # timing output is left out of the answer key


def test_the_answer_keys_kernel_runs_every_self_check_cell_and_passes_it(rebuilt_solutions):
    """The self-check cells (deeplearning/self_check/), run by a real Jupyter kernel with the answer key."""
    for name in ("FullyConnectedNets.ipynb", "BatchNormalization.ipynb", "Dropout.ipynb"):
        cells = [c for c in json.loads((rebuilt_solutions / name).read_text())["cells"]
                 if c.get("id", "").startswith("self-check-")]
        assert len(cells) == len(public.NOTEBOOK_PARTS[name])
        for cell in cells:
            text = "".join("".join(o.get("text", "")) for o in cell["outputs"])
            counts = re.search(r"(\d+) of (\d+) public checks passed", text)
            assert counts and counts[1] == counts[2] and "FAILED" not in text, (cell["id"], text)


def test_experiment_logs_record_their_run_and_data(rebuilt_solutions):
    written = sorted(p.relative_to(rebuilt_solutions).as_posix() for p in rebuilt_solutions.rglob("*.npz"))
    assert written == sorted(GRADED_LOGS)  # every log the notebooks write is graded
    configs = {}
    for path in (rebuilt_solutions / name for name, _ in REGULARIZATION.logs.values()):
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


# ---------------------------------------------------------------- the comparison catches real changes
def edit_notebook(path, cell_id, old, new):
    nb = json.loads(path.read_text())
    cell = next(c for c in nb["cells"] if c.get("id") == cell_id)
    output = next(o for o in cell["outputs"] if o["output_type"] == "stream")
    text = "".join(output["text"])
    assert old in text
    output["text"] = text.replace(old, new)
    path.write_text(json.dumps(nb))


@pytest.mark.parametrize("cell_id, old, new, problem", [
    ("multilayer-check", "Initial loss: 2.3004790897684924", "Initial loss: 2.3004790997684924", "Initial loss"),
    ("multilayer-check", "W2 relative error: 2.21e-05", "W2 relative error: 3.00e-03", "not below the notebook's bound"),
    ("dropout-forward-check", "set to zero: 0.749784", "set to zero: 0.749785", "set to zero"),
    ("two-layer-check", "Testing initialization ...", "Testing initialisation ...", "initialisation"),
])
def test_a_real_change_of_a_printed_check_is_caught(tmp_path, cell_id, old, new, problem):
    name = "Dropout.ipynb" if cell_id.startswith("dropout") else "FullyConnectedNets.ipynb"
    edited = tmp_path / name
    shutil.copyfile(SOLUTIONS / name, edited)
    edit_notebook(edited, cell_id, old, new)
    problems = compare_notebooks(edited, SOLUTIONS / name)
    assert len(problems) == 1 and problem in problems[0]


def test_rounding_noise_and_experiment_numbers_are_not_changes(tmp_path):
    for cell_id, old, new in [
        ("dropout-forward-check", "9.987811912159428", "9.987811912159426"),  # the last bits of a float64
        ("dropout-forward-check", "Mean of input: 10.0002078784775", "Mean of input: 10.000207878477502"),
        ("regularization-experiment", "(Iteration 1 / 125) loss: 8.262193", "(Iteration 1 / 125) loss: 8.262204"),
    ]:
        shutil.copyfile(SOLUTIONS / "Dropout.ipynb", tmp_path / "Dropout.ipynb")
        edit_notebook(tmp_path / "Dropout.ipynb", cell_id, old, new)
        assert compare_notebooks(tmp_path / "Dropout.ipynb", SOLUTIONS / "Dropout.ipynb") == []


def rewrite_log(source, dest, change):
    with np.load(source, allow_pickle=False) as npz:
        arrays = {key: npz[key] for key in npz.files}
    change(arrays)
    np.savez(dest, **arrays)


def test_logs_are_compared_with_the_graders_band_and_settings(tmp_path):
    name = REGULARIZATION.path(1.0)
    band_max, band_mean = LOG_BANDS[name]
    committed = SOLUTIONS / name

    def shift(amount):
        return lambda arrays: arrays.update(val_acc_history=arrays["val_acc_history"] + amount)

    rewrite_log(committed, tmp_path / "within.npz", shift(band_mean / 2))
    assert compare_npz(tmp_path / "within.npz", committed, name, LOG_BANDS[name]) == []
    rewrite_log(committed, tmp_path / "outside.npz", shift(band_max * 1.5))
    assert "outside the grader's band" in compare_npz(tmp_path / "outside.npz", committed, name, LOG_BANDS[name])[0]

    def other_seed(arrays):
        arrays["config"] = np.array(str(arrays["config"]).replace('"seed": 231', '"seed": 232'))

    rewrite_log(committed, tmp_path / "seed.npz", other_seed)
    assert "recorded settings differ" in compare_npz(tmp_path / "seed.npz", committed, name, LOG_BANDS[name])[0]


def test_figures_are_compared_by_size(tmp_path):
    figure = SOLUTIONS / "figures" / "dropout_regularization.png"
    assert png_size(figure.read_bytes())[0] > 500
    fresh = tmp_path / "fc_nets"
    shutil.copytree(SOLUTIONS, fresh)
    data = bytearray(figure.read_bytes())
    data[16:20] = (123).to_bytes(4, "big")  # the width in the PNG header
    (fresh / "figures" / "dropout_regularization.png").write_bytes(bytes(data))
    (fresh / "deeplearning" / "layers.py").write_text("# edited\n")
    problems = compare_folders(fresh, SOLUTIONS)
    assert len(problems) == 2
    assert "pixels instead of" in problems[0] + problems[1] and "deeplearning/layers.py differs" in problems
