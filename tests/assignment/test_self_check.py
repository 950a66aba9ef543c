"""The students' public checks (deeplearning/self_check/, each part's public.py): the grader's diagnoses, before submitting.

Every check runs the way a student runs it: in a fresh Python process inside an
assignment folder, importing that folder's deeplearning package.
"""
import json
import shutil
import subprocess
import sys

import nbformat
import pytest

from autograder.parts.graded_experiments import GRADED_LOGS
from autograder.course.grade_cells import self_check_cell_source, self_check_id
from autograder.layout import CIFAR10_SUBSET, NOTEBOOKS, RELEASE, SOLUTIONS, SOURCE
from autograder.course.variants import make_mutant, mutants
from autograder.parts import PARTS
from autograder.parts.public_checks import public
from autograder.grading.repair import repair_notebook
from autograder.course.solutions import link_dataset

RUN = """
import json, sys
import numpy as np
from deeplearning.self_check import check, run_checks
parts = sys.argv[1:]
np.random.seed(5)
before = np.random.rand(3).tolist()
np.random.seed(5)
results = {part: run_checks(part) for part in parts}
check(parts[0])
print("RESULTS" + json.dumps({"results": results, "stream_kept": np.random.rand(3).tolist() == before}))
"""


def with_data(folder):
    """The assignment folder with the kit's CIFAR-10 subset where a student's download would be."""
    link_dataset(folder, CIFAR10_SUBSET)
    return folder


def self_check(folder, parts):
    """({part: [(title, status, message)]}, what check(parts[0]) printed) in the assignment folder."""
    done = subprocess.run([sys.executable, "-c", RUN, *parts], cwd=folder, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    printed, _, found = done.stdout.rpartition("RESULTS")
    found = json.loads(found)
    assert found["stream_kept"], "the public checks changed the notebook's random numbers"
    return found["results"], printed


def test_every_graded_part_has_public_checks_and_every_log_is_listed():
    assert set(public.PART_ORDER) == set(PARTS)
    assert sorted(part for parts in public.NOTEBOOK_PARTS.values() for part in parts) == sorted(PARTS)
    assert sorted(path for paths in public.PART_LOGS.values() for path in paths) == sorted(GRADED_LOGS)
    for name, part in PARTS.items():
        assert set(part.replayed) <= set(public.PART_LOGS.get(name, [])), name


def test_the_answer_key_passes_every_public_check(tmp_path):
    shutil.copytree(SOLUTIONS, tmp_path / "fc_nets", ignore=shutil.ignore_patterns("figures"))
    results, printed = self_check(with_data(tmp_path / "fc_nets"), list(PARTS))
    failed = {part: [r for r in found if r[1] not in ("passed",)] for part, found in results.items()}
    assert {part: found for part, found in failed.items() if found} == {}
    first = list(PARTS)[0]
    assert f"{len(results[first])} of {len(results[first])} public checks passed" in printed
    assert "hidden tests also run when your work is graded" in printed


def test_the_untouched_release_is_to_do_everywhere():
    """Stubs are not implemented yet, logs not written yet: no check fails, none crashes."""
    results, printed = self_check(RELEASE, list(PARTS))
    assert {(part, status) for part, found in results.items() for _, status, _ in found} == {
        (part, "to do") for part in PARTS}
    for part, found in results.items():
        for _, _, message in found:
            assert message.startswith("not implemented yet: ") if part not in public.PART_LOGS else (
                "is missing: run the notebook's experiment cell" in message), message
    assert "Traceback" not in printed and "to do" in printed


@pytest.mark.parametrize("mutant", mutants(), ids=lambda mutant: mutant.name)
def test_a_mutant_gets_the_graders_diagnosis(mutant, tmp_path):
    """The grader's feedback for each mutant contains mutant.message (tests/grader/test_parts.py); the public
    checks of its part name the same mistake with the same words."""
    (part,) = mutant.expect
    results, _ = self_check(with_data(make_mutant(SOLUTIONS, tmp_path / "fc_nets", mutant.name)), [part])
    messages = [message for _, status, message in results[part] if status in ("failed", "to do")]
    if mutant.public:
        assert any(mutant.message in message for message in messages), messages
    else:  # the hidden tests find it; the public checks must not crash on it
        assert all("raised" not in message for message in messages), messages


def test_every_grade_cell_is_followed_by_its_self_check_cell():
    for name in NOTEBOOKS:
        cells = nbformat.read(SOURCE / name, as_version=4).cells
        for number, cell in enumerate(cells):
            part = PARTS.get(cell.metadata.get("nbgrader", {}).get("grade_id"))
            if part is None:
                continue
            following = cells[number + 1]
            assert following.source == self_check_cell_source(part)
            assert following.metadata["nbgrader"]["grade_id"] == self_check_id(part)
            assert following.metadata["nbgrader"]["locked"] and not following.metadata["nbgrader"]["grade"]
            assert "next cell" in cell.source


def test_repair_restores_self_check_cells_and_keeps_a_students_own(tmp_path):
    """As Colab or VS Code leave it: metadata gone, and the student added a self-check cell of their own."""
    template = json.loads((RELEASE / "Dropout.ipynb").read_text())
    submitted = json.loads((SOLUTIONS / "Dropout.ipynb").read_text())
    for cell in submitted["cells"]:
        cell["metadata"] = {}
    at = next(i for i, c in enumerate(submitted["cells"]) if "check(\"dropout_forward\")" in "".join(c["source"]))
    own = nbformat.v4.new_code_cell('check("dropout_forward")  # once more, after my fix')
    submitted["cells"].insert(at + 1, json.loads(nbformat.writes(nbformat.v4.new_notebook(cells=[own])))["cells"][0])
    repaired, report = repair_notebook(submitted, template)
    ids = [((c.get("metadata") or {}).get("nbgrader") or {}).get("grade_id") for c in repaired["cells"]]
    assert {f"self_check_{part}" for part in public.NOTEBOOK_PARTS["Dropout.ipynb"]} <= set(ids)
    kept = [c for c in repaired["cells"] if "once more, after my fix" in "".join(c["source"])]
    assert len(kept) == 1 and not ((kept[0].get("metadata") or {}).get("nbgrader") or {}).get("grade")
    assert any("kept the student's own" in line for line in report)


def test_a_log_check_without_the_data_says_how_to_get_it(tmp_path):
    """The data fingerprint of a log needs CIFAR-10 (the mutant log_other_data shows a wrong one is named)."""
    shutil.copytree(SOLUTIONS, tmp_path / "fc_nets", ignore=shutil.ignore_patterns("figures"))
    results, _ = self_check(tmp_path / "fc_nets", ["best_model"])
    [(_, status, message)] = results["best_model"]
    assert status == "to do" and "needs CIFAR-10 here" in message and "get_datasets.py" in message
