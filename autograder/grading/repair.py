"""Repair submitted notebooks that Colab, VS Code or JupyterLab have rewritten.

Editors drop or rewrite cell metadata: without nbgrader's metadata nbgrader
silently gives None or 0 to every cell, and a copied graded cell (a duplicate
grade_id) makes it fail with a misleading error. repair_notebook rebuilds the
submission on the released notebook the student started from:

- cells are matched to the release by grade_id, then by cell id, then by
  content (exact, then close), and answer cells by position: the unmatched
  cells between the two matched cells around an answer are the answer (split
  answers are merged again; an answer typed into its question cell is split
  off);
- every released cell comes back with its nbgrader metadata; locked cells and
  tests take the released source (nbgrader restores them anyway), answers and
  unlocked code keep the student's text; cells the student added are kept,
  without nbgrader metadata; deleted cells are restored; code cells other than
  grade cells keep the outputs of the student's own run (nbgrader autograde runs
  only the grade cells again), where they have the form nbformat requires;
- Colab, VS Code and JupyterLab metadata (colab, outputId, executionInfo,
  vscode, widget state, ...) is dropped and the notebook is saved as nbformat 4.5.

The report lists every repair in words a TA can check. An answer cell that
cannot be found is never scored 0 silently: it is marked for manual grading.
Notebooks are plain JSON dicts here (standard library only, so the Gradescope
grader needs no Jupyter packages).
"""
import copy
import difflib
import json
import uuid
from pathlib import Path

EDITOR_CELL_KEYS = ("colab", "id", "outputId", "executionInfo", "vscode", "pycharm", "editable", "trusted",
                    "gather", "ExecuteTime", "scrolled", "collapsed", "jupyter")
EDITOR_NOTEBOOK_KEYS = ("colab", "widgets", "accelerator", "gpuClass", "vscode", "toc", "varInspector")
NOT_FOUND = ("**No answer was found for this cell in the submitted notebook** (see the repair report); "
             "check the submission by hand.")


def _text(cell):
    source = cell.get("source", "")
    return "".join(source) if isinstance(source, list) else str(source)


def _normalized(text):
    return " ".join(text.split())


def _grade_id(cell):
    nbgrader = (cell.get("metadata") or {}).get("nbgrader") or {}
    return nbgrader.get("grade_id")


def _is_answer(cell):
    return bool(((cell.get("metadata") or {}).get("nbgrader") or {}).get("solution"))


def _keeps_student_text(cell):
    """Answers and unlocked code (such as the Colab setup cell) keep what the student wrote."""
    nbgrader = (cell.get("metadata") or {}).get("nbgrader") or {}
    return _is_answer(cell) or (cell["cell_type"] == "code" and not nbgrader.get("locked") and not nbgrader.get("grade"))


def _describe(cell, limit=60):
    first = next((line.strip() for line in _text(cell).splitlines() if line.strip()), "(empty)")
    return f"{cell['cell_type']} cell '{first[:limit]}'"


def _match(student, template, report):
    """{template index: [student indices]}, filled by grade_id, cell id, then content."""
    matches = {}
    taken = set()
    by_grade_id = {_grade_id(c): i for i, c in enumerate(template) if _grade_id(c)}
    by_id = {c.get("id"): i for i, c in enumerate(template) if c.get("id")}

    for s, cell in enumerate(student):  # 1. nbgrader's own identity, when it survived
        t = by_grade_id.get(_grade_id(cell))
        if t is None or cell.get("cell_type") != template[t]["cell_type"]:
            continue
        if t in matches and not _is_answer(template[t]):
            report.append(f"removed the grade_id '{_grade_id(cell)}' from a copy of that cell (kept as an "
                          f"ungraded cell): duplicate grade_ids make nbgrader fail")
            continue
        matches.setdefault(t, []).append(s)
        taken.add(s)
    for s, cell in enumerate(student):  # 2. cell ids, which Jupyter and VS Code keep
        t = by_id.get(cell.get("id"))
        if s in taken or t is None or t in matches or cell.get("cell_type") != template[t]["cell_type"]:
            continue
        if _is_answer(template[t]) or _normalized(_text(cell)) == _normalized(_text(template[t])):
            matches[t] = [s]
            taken.add(s)
    for t, cell in enumerate(template):  # 3. unchanged content, then nearly unchanged content
        if t in matches or _is_answer(cell):
            continue
        wanted = _normalized(_text(cell))
        candidates = [s for s in range(len(student)) if s not in taken
                      and student[s].get("cell_type") == cell["cell_type"]]
        exact = [s for s in candidates if _normalized(_text(student[s])) == wanted]
        if exact:
            matches[t] = [exact[0]]
            taken.add(exact[0])
            continue
        scored = []
        for s in candidates:
            matcher = difflib.SequenceMatcher(None, wanted, _normalized(_text(student[s])), autojunk=False)
            if matcher.real_quick_ratio() >= 0.6 and matcher.quick_ratio() >= 0.6:  # cheap bounds first
                scored.append((matcher.ratio(), s))
        best = max(scored, default=(0, None))
        if best[0] >= 0.9 or (_keeps_student_text(cell) and best[0] >= 0.6):
            matches[t] = [best[1]]
            taken.add(best[1])
    return matches, taken


def _split_merged_answers(student, template, matches, taken, report):
    """An answer typed into its question cell: the question matches as a prefix; the rest is the answer."""
    extra = {}
    for t, cell in enumerate(template):
        if t in matches or _is_answer(cell) or t + 1 >= len(template) or not _is_answer(template[t + 1]):
            continue
        question = _normalized(_text(cell))
        for s, candidate in enumerate(student):
            text = _text(candidate)
            if s not in taken and candidate.get("cell_type") == cell["cell_type"] and \
                    _normalized(text).startswith(question) and len(_normalized(text)) > len(question):
                matches[t] = [s]
                taken.add(s)
                rest = text[len(text) - len(text.lstrip()):]
                for line in _text(cell).strip().splitlines():  # drop the question's lines from the front
                    rest = rest.lstrip("\n")
                    if rest.startswith(line):
                        rest = rest[len(line):]
                extra[t + 1] = rest.strip()
                report.append(f"split the answer '{_grade_id(template[t + 1])}' off the question cell it was "
                              f"typed into")
                break
    return extra


def _answer_positions(student, template, matches, taken, report):
    """Assign unmatched student cells lying between an answer's neighbours to that answer."""
    position = {t: min(s) for t, s in matches.items()}
    for t, cell in enumerate(template):
        if not _is_answer(cell) or t in matches:
            continue
        before = max((position[u] for u in range(t) if u in position), default=-1)
        after = min((position[u] for u in range(t + 1, len(template)) if u in position), default=len(student))
        found = [s for s in range(before + 1, after) if s not in taken
                 and student[s].get("cell_type") == cell["cell_type"]]
        if found:
            matches[t] = found
            taken.update(found)
            position[t] = found[0]


# The keys nbformat 4 requires of each kind of output.
OUTPUT_KEYS = {"stream": ("name", "text"), "display_data": ("data", "metadata"),
               "execute_result": ("data", "metadata", "execution_count"), "error": ("ename", "evalue", "traceback")}


def _own_run(cell):
    """(outputs, execution_count) of a student's code cell, copied; ([], None) where they are not valid nbformat."""
    outputs, count = cell.get("outputs", []), cell.get("execution_count")
    valid = isinstance(outputs, list) and (count is None or type(count) is int) and all(
        isinstance(output, dict) and output.get("output_type") in OUTPUT_KEYS
        and all(key in output for key in OUTPUT_KEYS[output["output_type"]]) for output in outputs)
    return (copy.deepcopy(outputs), count) if valid else ([], None)


def _new_cell(cell):
    """A cell the student added, kept without nbgrader metadata (with the outputs of the student's run)."""
    new = {"cell_type": cell["cell_type"], "id": uuid.uuid4().hex[:12], "metadata": {}, "source": _text(cell)}
    if cell["cell_type"] == "code":
        new["outputs"], new["execution_count"] = _own_run(cell)
    return new


def repair_notebook(submitted, template):
    """Rebuild a submitted notebook on the released one (both JSON dicts); return (notebook, list of repairs)."""
    report = []
    student = [c for c in submitted.get("cells", []) if isinstance(c, dict) and "cell_type" in c]
    removed = sorted({key for c in student for key in (c.get("metadata") or {}) if key in EDITOR_CELL_KEYS} |
                     {key for key in (submitted.get("metadata") or {}) if key in EDITOR_NOTEBOOK_KEYS})
    if removed:
        report.append(f"dropped editor metadata ({', '.join(removed)})")
    if (submitted.get("nbformat"), submitted.get("nbformat_minor")) != (4, 5):
        report.append(f"converted from nbformat {submitted.get('nbformat')}.{submitted.get('nbformat_minor')} to 4.5")
    surviving = {_grade_id(c) for c in student}
    lost = [c for c in template["cells"] if _grade_id(c) and _grade_id(c) not in surviving]
    if lost:
        report.append(f"restored the nbgrader metadata of {len(lost)} cell(s) that had lost it")

    matches, taken = _match(student, template["cells"], report)
    extra_answers = _split_merged_answers(student, template["cells"], matches, taken, report)
    _answer_positions(student, template["cells"], matches, taken, report)

    cells = []
    placed = {}  # student index -> output position, to insert the student's own cells in place
    furthest = -1  # the furthest student position used so far: a cell found before it was moved
    for t, cell in enumerate(template["cells"]):
        repaired = copy.deepcopy(cell)
        repaired["source"] = _text(cell)
        found = matches.get(t, [])
        if found and min(found) < furthest:
            report.append(f"put the {_describe(cell)} back in its place")
        furthest = max([furthest, *found])
        if _keeps_student_text(cell):
            texts = [_text(student[s]) for s in found] + ([extra_answers[t]] if t in extra_answers else [])
            if _is_answer(cell) and not texts:
                repaired["source"] = NOT_FOUND
                report.append(f"'{_grade_id(cell)}': no answer found between its neighbouring cells; marked for "
                              f"grading by hand")
            elif texts:
                repaired["source"] = "\n\n".join(text.strip("\n") for text in texts)
                if len(texts) > 1:
                    report.append(f"'{_grade_id(cell) or cell.get('id')}': merged {len(texts)} cells into one answer")
        elif not found:
            report.append(f"restored the deleted {_describe(cell)}")
        if repaired["cell_type"] == "code":
            graded = cell.get("metadata", {}).get("nbgrader", {}).get("grade")
            repaired["outputs"], repaired["execution_count"] = (
                _own_run(student[found[0]]) if found and not graded else ([], None))
        cells.append(repaired)
        for s in found:
            placed[s] = len(cells) - 1

    # The student's own cells go after the cell they followed.
    for s in sorted(set(range(len(student))) - set(placed)):
        cell = student[s]
        if cell["cell_type"] not in ("code", "markdown"):
            continue
        after = max((placed[u] for u in placed if u < s), default=-1)
        cells.insert(after + 1, _new_cell(cell))
        placed = {u: (p + 1 if p > after else p) for u, p in placed.items()}
        placed[s] = after + 1
        report.append(f"kept the student's own {_describe(cell)} (not graded)")

    notebook = {"cells": cells, "metadata": copy.deepcopy(template["metadata"]), "nbformat": 4, "nbformat_minor": 5}
    return notebook, report


def repair_file(path, template_path):
    """Repair the notebook at path against the release notebook at template_path; return (notebook, report)."""
    return repair_notebook(json.loads(Path(path).read_text()), json.loads(Path(template_path).read_text()))
