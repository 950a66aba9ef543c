"""Pack your work for submission. Run it from the assignment folder:

    python collect_submission.py

It writes fc_nets_submission.zip holding the notebooks, the .py files of the
deeplearning/ package and the experiment logs in submission_logs/. It refuses,
writing nothing, when a notebook has not been run or a required log is missing,
and warns about unanswered questions and logs older than your code. First it runs
every public check (the cells check("...") of the notebooks) and prints a table per
notebook: a failed check is a warning, not a refusal, since you may submit partial
work.

Then it writes fc_nets_written_answers.pdf, your answers to the inline questions,
one question per page, for the written part on Gradescope (see written_answers.py;
`--font PATH` names a font for answers in a script such as Korean that the PDF's
font lacks). When the PDF cannot be written, the zip is still there and it says
why and what to do.
"""
import argparse
import json
import os
import sys
import zipfile

from deeplearning.self_check import NOTEBOOK_PARTS, PART_LOGS, STUDENT_FILES, run_checks, summary

NOTEBOOKS = list(NOTEBOOK_PARTS)
# The logs the grader reads, by part (deeplearning/self_check/experiments.py holds the list).
REQUIRED_LOGS = [path for paths in PART_LOGS.values() for path in paths]
ZIP_NAME = "fc_nets_submission.zip"
PDF_NAME = "fc_nets_written_answers.pdf"  # the written answers, by written_answers.py


def notebook_problems(path):
    """Why the notebook at path cannot be submitted (a list), and warnings (a list)."""
    if not os.path.isfile(path):
        return [f"{path} is missing"], []
    try:
        with open(path, encoding="utf-8") as f:
            cells = json.load(f)["cells"]
    except (ValueError, KeyError) as exc:
        return [f"{path} is not a valid notebook ({exc}); save it again from Jupyter or Colab"], []
    code = [cell for cell in cells if cell.get("cell_type") == "code" and "".join(cell.get("source", "")).strip()]
    not_run = [cell for cell in code if cell.get("execution_count") is None]
    problems, warnings = [], []
    if not_run:
        problems.append(f"{path}: {len(not_run)} of its {len(code)} code cells have not been run; run the whole "
                        f"notebook (Run All), save it, and collect again")
    unanswered = [cell for cell in cells if cell.get("cell_type") == "markdown"
                  and "".join(cell.get("source", "")).strip() == "YOUR ANSWER HERE"]
    if unanswered:
        warnings.append(f"{path}: {len(unanswered)} written answer(s) still say YOUR ANSWER HERE")
    return problems, warnings


def log_problems(path):
    if not os.path.isfile(path):
        return [f"{path} is missing: run the notebook's experiment cell, which writes it"]
    try:
        import numpy as np

        with np.load(path, allow_pickle=False) as log:
            missing = {"loss_history", "train_acc_history", "val_acc_history", "config"} - set(log.files)
    except Exception as exc:
        return [f"{path} cannot be read ({type(exc).__name__}); rerun the experiment cell"]
    return [f"{path} lacks {', '.join(sorted(missing))}; rerun the experiment cell"] if missing else []


def files_to_submit():
    files = list(NOTEBOOKS) + list(REQUIRED_LOGS)
    for folder, _, names in os.walk("submission_logs"):  # any other logs the student wrote
        files += [path for path in (os.path.join(folder, name) for name in sorted(names) if name.endswith(".npz"))
                  if path not in REQUIRED_LOGS]
    for folder, _, names in os.walk("deeplearning"):
        files += [os.path.join(folder, name) for name in sorted(names) if name.endswith(".py")]
    return files


def public_checks():
    """Run every part's public checks, print a table per notebook, and return warnings for the failed ones."""
    warnings = []
    for notebook, parts in NOTEBOOK_PARTS.items():
        print(f"Public checks of {notebook}:")
        for part in parts:
            results = run_checks(part)
            print(f"  {part:<24} {summary(results)}")
            for title, status, message in results:
                if status in ("failed", "to do"):
                    warnings.append(f"{part}: {title}: {message}")
    return warnings


def written_answers_pdf(font):
    """Write the PDF of the written answers; say why when it cannot be written. True when written."""
    try:
        import written_answers
    except Exception as exc:  # matplotlib missing or broken, written_answers.py deleted, ...
        reason = f"written_answers.py cannot be loaded ({type(exc).__name__}: {exc})"
    else:
        try:
            print(written_answers.write_pdf(font=font, out=PDF_NAME))
            return True
        except written_answers.PdfError as exc:
            reason = str(exc)
        except Exception as exc:  # the zip is written: whatever happens, say why the PDF is missing
            reason = f"an unexpected error ({type(exc).__name__}: {exc}); please tell the course staff"
    if os.path.exists(PDF_NAME):
        os.remove(PDF_NAME)  # an older PDF must not be uploaded by mistake
    print(f"error: {PDF_NAME} was not written: {reason}", file=sys.stderr)
    print(f"Your code, {ZIP_NAME}, was written and can be uploaded; the PDF of your written answers is missing. "
          f"Fix the above and run this again.", file=sys.stderr)
    return False


def main(argv=None):
    parser = argparse.ArgumentParser(description=f"Pack your work into {ZIP_NAME} and write your written "
                                                 f"answers into {PDF_NAME}.")
    parser.add_argument("--font", default=os.environ.get("FC_NETS_PDF_FONT") or None,
                        help="a font file (.ttf, .otf, .ttc) for characters of your answers that the PDF's font "
                             "lacks, such as Korean (default: $FC_NETS_PDF_FONT, else one installed that has them)")
    args = parser.parse_args(argv)
    problems, warnings = [], public_checks()
    for notebook in NOTEBOOKS:
        found, warned = notebook_problems(notebook)
        problems += found
        warnings += warned
    for log in REQUIRED_LOGS:
        problems += log_problems(log)
    if not problems:
        changed = max((path for path in STUDENT_FILES if os.path.isfile(path)), key=os.path.getmtime, default=None)
        stale = [log for log in REQUIRED_LOGS if changed and os.path.getmtime(log) < os.path.getmtime(changed)]
        if stale:
            warnings.append(f"{len(stale)} experiment log(s) are older than your last change to {changed} (for "
                            f"example {stale[0]}). The grader replays the start of every logged run with the code "
                            f"you submit, and a log your code does not reproduce scores 0: rerun the notebooks "
                            f"before you submit")
    for warning in warnings:
        print(f"warning: {warning}")
    if problems:
        for problem in problems:
            print(f"error: {problem}", file=sys.stderr)
        print("Nothing was written. Fix the above and run this again.", file=sys.stderr)
        return 1
    with zipfile.ZipFile(ZIP_NAME, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for path in files_to_submit():
            zf.write(path)
    print(f"Wrote {ZIP_NAME} ({len(zf.namelist())} files). Upload it as your submission.")
    return 0 if written_answers_pdf(args.font) else 1


if __name__ == "__main__":
    sys.exit(main())
