"""The parts' folders are complete and the only source of points: notebooks and docs/grading.md agree with them."""
import ast
import json
import re

import pytest
from conftest import TOTAL

from autograder.course.grade_cells import sync_grade_cells
from autograder.layout import NOTEBOOKS, REPO, SOURCE
from autograder.course.variants import mutants
from autograder.parts import HERE, MANUAL, PARTS


@pytest.mark.parametrize("name", PARTS)
def test_each_part_folder_is_complete(name):
    part = PARTS[name]
    assert part.title and part.checks, name
    assert all(points >= 0 for _, points in part.checks.values())
    runs_code = hasattr(part.module, "inputs") or bool(part.replayed)
    assert runs_code == (part.probes_file is not None), f"{name}: probes.py goes with inputs() or REPLAYED"
    tree = ast.parse(part.checks_file.read_text())
    constants = [node.value.value for node in tree.body if isinstance(node, ast.Assign)
                 and [t.id for t in node.targets if isinstance(t, ast.Name)] == ["PART"]]
    assert constants == [name], f"{part.checks_file}: PART must be {name!r}"
    if part.probes_file:
        probes = [node.name for node in ast.parse(part.probes_file.read_text()).body
                  if isinstance(node, ast.FunctionDef) and not node.name.startswith("_")]
        assert probes and len(probes) == len(set(probes))
        assert "rng_seed" in part.inputs(0)


def test_folders_and_grade_cells_are_the_same_parts():
    folders = {path.name for path in HERE.iterdir() if (path / "__init__.py").is_file()}
    assert folders == set(PARTS)
    assert {part.notebook + ".ipynb" for part in PARTS.values()} == set(NOTEBOOKS)


def test_mutant_names_are_unique():
    names = [mutant.name for mutant in mutants()]
    assert len(names) == len(set(names)) >= len(PARTS)


def test_notebook_grade_cells_are_written_from_the_parts():
    assert sync_grade_cells() == [], "run `python -m autograder grade-cells`"
    for notebook in NOTEBOOKS:
        for cell in json.loads((SOURCE / notebook).read_text())["cells"]:
            meta = cell["metadata"].get("nbgrader", {})
            if meta.get("grade") and meta["grade_id"] in PARTS:
                assert meta["points"] == PARTS[meta["grade_id"]].points
                assert f"({meta['points']:g} points)" in "".join(cell["source"])
            elif meta.get("grade"):
                assert meta["points"] == MANUAL[meta["grade_id"]][1]


def test_grade_cells_rewrites_a_stale_grade_cell(tmp_path):
    """What `python -m autograder grade-cells` does: a grade cell whose points or text differ from its part's is
    written again (an earlier version reported it and wrote nothing)."""
    import shutil

    source = tmp_path / "fc_nets"
    shutil.copytree(SOURCE, source, ignore=shutil.ignore_patterns("deeplearning"))
    notebook = json.loads((source / "Dropout.ipynb").read_text())
    cell = next(cell for cell in notebook["cells"] if cell["metadata"].get("nbgrader", {}).get("grade_id") == "fc_net")
    cell["metadata"]["nbgrader"]["points"] = 99
    cell["source"] = "# Autograder: an old title (99 points)\n"
    (source / "Dropout.ipynb").write_text(json.dumps(notebook))
    assert sync_grade_cells(source) == ["Dropout.ipynb: fc_net"]
    assert sync_grade_cells(source, write=True) == ["Dropout.ipynb: fc_net"]
    assert sync_grade_cells(source) == []


def test_readme_table_lists_every_part_with_its_points():
    """The parts table moved from the README to docs/grading.md (the test keeps its name)."""
    grading = (REPO / "docs" / "grading.md").read_text()
    rows = re.findall(r"^\|[^|]*\| `(\w+)` \| ([\d.]+) \|", grading, flags=re.MULTILINE)
    assert {part: float(points) for part, points in rows} == {name: part.points for name, part in PARTS.items()}
    assert f"What is graded: {TOTAL:g} points automatically" in grading


def test_every_mutant_declares_the_id_of_its_mistake():
    """Each mutant names the mistake id its feedback carries (tests/grader/test_grader.py grades them)."""
    for mutant in mutants():
        (part,) = mutant.expect
        assert part in PARTS and mutant.mistake.startswith(f"{part}/"), mutant.name
