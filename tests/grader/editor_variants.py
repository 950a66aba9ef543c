"""What editors do to a notebook, as transformations of its JSON (a dict), for the repair tests.

Each function takes the solved notebook and returns the variant an editor or a
student's habit would produce; REPAIRS names a phrase the repair report must
contain for it.
"""
import copy
import random
import string


def _ids(rng, n=12):
    return "".join(rng.choice(string.ascii_letters + string.digits) for _ in range(n))


def _find(nb, cell_id):
    return next(i for i, cell in enumerate(nb["cells"]) if cell.get("id") == cell_id)


def strip_cell_metadata(nb):
    """Editors and converters that keep only the cells' sources."""
    for cell in nb["cells"]:
        cell["metadata"] = {}
    return nb


def colab(nb):
    """Google Colab: drops custom cell metadata, rewrites ids, adds its own metadata and widget state."""
    rng = random.Random(1)
    nb["metadata"] = {"colab": {"provenance": [], "name": "Dropout.ipynb"}, "accelerator": "GPU",
                      "kernelspec": {"name": "python3", "display_name": "Python 3"}, "language_info": {"name": "python"},
                      "widgets": {"application/vnd.jupyter.widget-state+json": {"abc": {"model_name": "LayoutModel"}}}}
    for cell in nb["cells"]:
        cell["id"] = _ids(rng)
        cell["metadata"] = {"id": cell["id"], "colab": {"base_uri": "https://localhost:8080/"}}
        if cell["cell_type"] == "code":
            cell["metadata"]["outputId"] = _ids(rng, 36)
            cell["metadata"]["executionInfo"] = {"status": "ok", "timestamp": 1732000000000}
    return nb


def vscode(nb):
    """VS Code: its own metadata on every cell and the notebook, custom metadata dropped."""
    nb["metadata"]["vscode"] = {"interpreter": {"hash": "0" * 64}}
    for cell in nb["cells"]:
        cell["metadata"] = {"vscode": {"languageId": "python" if cell["cell_type"] == "code" else "markdown"}}
    return nb


def jupyterlab(nb):
    """JupyterLab: keeps nbgrader's metadata, adds its own keys."""
    for cell in nb["cells"]:
        cell["metadata"].update({"jupyter": {"source_hidden": False}, "tags": [], "trusted": True, "editable": True})
        if cell["cell_type"] == "code":
            cell["metadata"]["ExecuteTime"] = {"end_time": "2026-11-20T10:00:00Z"}
    return nb


def duplicate_graded_cell(nb):
    """A student copies a graded check cell (a duplicate grade_id makes nbgrader fail)."""
    i = _find(nb, "fc-net-dropout-check")
    twin = copy.deepcopy(nb["cells"][i])
    twin["id"] = "copied-check"
    nb["cells"].insert(i + 1, twin)
    return nb


def split_answer_cell(nb):
    """Split Cell in Jupyter: both halves keep the answer's metadata."""
    i = _find(nb, "inline-question-1-answer")
    cell = nb["cells"][i]
    text = "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    cut = text.index(" At test time")
    second = copy.deepcopy(cell)
    cell["source"], second["source"], second["id"] = text[:cut], text[cut + 1:], "split-half"
    nb["cells"].insert(i + 1, second)
    return nb


def merge_question_and_answer(nb):
    """Merge Cells: the answer typed below the question, in the question's cell."""
    q, a = _find(nb, "inline-question-3"), _find(nb, "inline-question-3-answer")
    text = lambda cell: "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
    nb["cells"][q]["source"] = text(nb["cells"][q]) + "\n\n" + text(nb["cells"][a])
    del nb["cells"][a]
    return nb


def delete_question_cell(nb):
    """The student deleted the markdown cell of Inline Question 2."""
    del nb["cells"][_find(nb, "inline-question-2")]
    return nb


def reorder_answer(nb):
    """The student moved an answer cell (metadata intact) to the end of the notebook."""
    nb["cells"].append(nb["cells"].pop(_find(nb, "inline-question-1-answer")))
    return nb


def nbformat_44(nb):
    """Saved by an older Jupyter: nbformat 4.4, no cell ids."""
    nb["nbformat_minor"] = 4
    for cell in nb["cells"]:
        cell.pop("id", None)
    return nb


def added_cells(nb):
    """The student added scratch cells of their own."""
    nb["cells"].insert(_find(nb, "dropout-forward-check") + 1,
                       {"cell_type": "code", "id": "scratch", "metadata": {}, "execution_count": None, "outputs": [],
                        "source": "print('my own experiment')"})
    return nb


def colab_split_and_delete(nb):
    """Several at once: split an answer and delete a question, then open it in Colab."""
    return colab(delete_question_cell(split_answer_cell(nb)))


VARIANTS = {
    "strip_cell_metadata": (strip_cell_metadata, "restored the nbgrader metadata of"),
    "colab": (colab, "dropped editor metadata (accelerator, colab, executionInfo, id, outputId, widgets)"),
    "vscode": (vscode, "dropped editor metadata (vscode)"),
    "jupyterlab": (jupyterlab, "dropped editor metadata (ExecuteTime, editable, jupyter"),
    "duplicate_graded_cell": (duplicate_graded_cell, "removed the grade_id 'fc-net-dropout-check' from a copy"),
    "split_answer_cell": (split_answer_cell, "'inline-question-1-answer': merged 2 cells into one answer"),
    "merge_question_and_answer": (merge_question_and_answer, "split the answer 'inline-question-3-answer' off"),
    "delete_question_cell": (delete_question_cell, "restored the deleted markdown cell '## Inline Question 2'"),
    "reorder_answer": (reorder_answer, "back in its place"),
    "nbformat_44": (nbformat_44, "converted from nbformat 4.4 to 4.5"),
    "added_cells": (added_cells, "kept the student's own code cell 'print('my own experiment')' (not graded)"),
    "colab_split_and_delete": (colab_split_and_delete, "restored the deleted markdown cell '## Inline Question 2'"),
}
