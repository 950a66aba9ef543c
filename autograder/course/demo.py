"""The main job: the whole instructor loop on the kit's CIFAR-10 subset, in a scratch course.

Everything happens in demo/ (a fresh nbgrader course folder, not committed), so the
demo never rewrites the committed release/, solutions/ or autograder/references/,
whatever the CPU it runs on:

1. release the assignment with plain `nbgrader generate_assignment` (+ leak check)
   and check that it is byte-identical to release/;
2. build the answer key and the grader's references from source/ and compare them
   with the committed ones by meaning (autograder.course.compare);
3. create three submissions: the answer key built in step 2, the untouched release
   and a buggy mutant;
4. grade them with `nbgrader autograde` and `nbgrader generate_feedback`, and with
   `python -m autograder grade`, both against the committed references;
5. print the score table and check that both paths agree on every part;
6. grade a class of 33 (DEMO_CLASS: answer keys, mutants, correct variants from
   tests/variants/, a renamed copy) with grade-all and write its class report to
   demo/class/report/index.html.
"""
import io
import shutil
import sys
import time
import tokenize
from pathlib import Path

from nbgrader.api import Gradebook

from .compare import compare_folders, files_of
from ..grading.pipeline import grade
from ..layout import ASSIGNMENT, CIFAR10_SUBSET, COURSE_ID, REFERENCES, RELEASE, REPO, SOLUTIONS, SOURCE, STUDENT_FILES
from .leakcheck import find_leaks
from .variants import corpus, make_mutant
from .nbgrader_cli import make_course, run_nbgrader
from ..parts import PARTS
from .references import build_references
from ..grading.report import part_scores
from .solutions import build_solutions

COURSE = REPO / "demo"
DEMO_MUTANT = "drop_probability"
STUDENTS = {"demo-solution": "the answer key built by this demo", "demo-release": "the untouched release",
            "demo-mutant": f"the answer key with the '{DEMO_MUTANT}' bug"}


# Local names a copying student renames; parameters, attributes and keyword arguments stay (the callers use them).
RENAMES = {"out": "result", "mask": "keep", "dx": "grad_in", "dw": "grad_weights", "db": "grad_bias",
           "next_w": "updated", "scores": "logits", "grads": "gradients", "cache": "saved", "v": "velocity",
           "mean": "mu", "var": "sigma2", "hidden": "activation", "reg_loss": "penalty"}


def rename_variables(text, renames=RENAMES):
    """text with its local variables renamed, as a student who copies and disguises code does: a NAME token is
    renamed unless it follows '.', 'def' or 'class', or is a keyword argument (name= inside brackets)."""
    tokens = list(tokenize.generate_tokens(io.StringIO(text).readline))
    depth, out = 0, []
    for i, token in enumerate(tokens):
        if token.type == tokenize.OP and token.string in "([{":
            depth += 1
        elif token.type == tokenize.OP and token.string in ")]}":
            depth -= 1
        previous = next((t.string for t in reversed(tokens[:i]) if t.type not in IGNORED_TOKENS), "")
        following = next((t.string for t in tokens[i + 1:] if t.type not in IGNORED_TOKENS), "")
        if (token.type == tokenize.NAME and token.string in renames and previous not in (".", "def", "class")
                and not (depth and following == "=")):
            token = token._replace(string=renames[token.string])
        out.append(token)
    return tokenize.untokenize(out)


IGNORED_TOKENS = (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT, tokenize.INDENT, tokenize.DEDENT)

# The demo's class: {student: what they submitted}, each an item of build_class's kinds. About a third full marks,
# one unfinished release, the mutants of tests/variants/mutants/ in the numbers a lecture hall makes them (a dropout
# mask that keeps 1 - p the most), correct code in other styles (tests/variants/), logs run with other settings
# or faked, and one student who copied another's code and renamed the variables.
DEMO_CLASS = {
    **{f"s{i:02d}": ("key",) for i in range(1, 7)},
    "s07": ("variant:relu_layer__where",), "s08": ("variant:update_rules__adam_textbook",),
    "s09": ("variant:batchnorm_backward__graph_nodes",), "s10": ("variant:layernorm__transpose_batchnorm",),
    "s11": ("variant:fc_net__cache_dict_named",), "s12": ("variant:affine_layer__einsum_prod",),
    "s13": ("variant:dropout_forward__uncast_mask", "variant:update_rules__in_place"),
    **{f"s{i}": ("mutant:drop_probability",) for i in (14, 15, 16, 17)},
    "s18": ("variant:relu_layer__inplace_copy", "mutant:drop_probability"),
    "s19": ("mutant:batchnorm_unbiased_variance",), "s20": ("mutant:batchnorm_unbiased_variance",),
    "s21": ("mutant:momentum_wrong_sign",), "s22": ("variant:fc_net__inline_dot", "mutant:momentum_wrong_sign"),
    "s23": ("mutant:reg_without_half",), "s24": ("mutant:two_layer_reg_without_half", "mutant:reg_without_half"),
    "s25": ("mutant:adam_no_bias_correction",), "s26": ("mutant:dropout_after_output",),
    "s27": ("mutant:log_fabricated",), "s28": ("mutant:log_other_learning_rate",), "s29": ("mutant:log_other_data",),
    "s30": ("mutant:layernorm_over_the_batch",), "s31": ("release",),
    "s32": ("variant:fc_net__norm_layers_direct", "variant:update_rules__rmsprop_textbook",
            "variant:layernorm__inline_transpose"),
    "s33": ("copy:s32",),
}


def build_class(dest, composition, solutions=SOLUTIONS):
    """A folder of submissions (dest/<student>/fc_nets/) from {student: kinds}. Kinds: "key" (the answer key),
    "release" (nothing done), "mutant:<name>" (tests/variants/mutants/), "variant:<name>" (tests/variants/, put
    into the answer key: variants.py), several of them applied in turn, or "copy:<student>" (that student's
    submission with the graded files' local variables renamed)."""
    known = corpus()
    dest = Path(dest)
    for student, kinds in composition.items():
        folder = dest / student / ASSIGNMENT
        if kinds[0] == "release":
            shutil.copytree(RELEASE, folder)
            continue
        if kinds[0].startswith("copy:"):
            shutil.copytree(dest / kinds[0].removeprefix("copy:") / ASSIGNMENT, folder)
            for relpath in STUDENT_FILES:
                (folder / relpath).write_text(rename_variables((folder / relpath).read_text()))
            continue
        shutil.copytree(solutions, folder, ignore=shutil.ignore_patterns("figures", "__pycache__"))
        for kind in kinds:
            what, _, name = kind.partition(":")
            if what in ("mutant", "variant"):
                known[name].apply(folder)
            elif what != "key":
                raise ValueError(f"{student}: unknown kind {kind!r}")
    return dest


def generate_release(course):
    """Run plain `nbgrader generate_assignment` (with its release hook) in the course; return problems."""
    print(f"$ nbgrader generate_assignment {ASSIGNMENT}")
    run_nbgrader("generate_assignment", ASSIGNMENT, cwd=course, capture_output=True)
    release = course / "release" / ASSIGNMENT
    problems = find_leaks(SOURCE, release, reference_dir=REFERENCES)
    if problems:
        raise SystemExit("leak check failed:\n" + "\n".join(problems))
    print(f"[release] {release.relative_to(REPO)}: stubbed, independent leak check passed")
    fresh, committed = files_of(release), files_of(RELEASE)
    if fresh != committed or any((release / name).read_bytes() != (RELEASE / name).read_bytes() for name in fresh):
        return ["the fresh release differs from release/: run `nbgrader generate_assignment fc_nets --force` from "
                "the repository root and commit release/"]
    return []


def build_answer_key(course):
    """Answer key and references built in the course, compared with the committed ones; return problems."""
    solutions = build_solutions(out=course / "solutions" / ASSIGNMENT, data_dir=CIFAR10_SUBSET)
    references = build_references(solutions=solutions, data_dir=CIFAR10_SUBSET, out=course / "references")
    problems = [f"solutions: {p}" for p in compare_folders(solutions, SOLUTIONS)]
    problems += [f"references: {p}" for p in compare_folders(references, REFERENCES)]
    if problems:
        problems.append("the committed answer key is out of date: run `python -m autograder solutions` and "
                        "`python -m autograder references`, then commit")
    else:
        print("[answer key] agrees by meaning with solutions/ and autograder/references/ (same cells and files, "
              "numbers within their precision, experiment logs within the grader's bands)")
    return solutions, problems


def create_submissions(course, solutions):
    submitted = course / "submitted"
    shutil.copytree(solutions, submitted / "demo-solution" / ASSIGNMENT, ignore=shutil.ignore_patterns("figures"))
    shutil.copytree(RELEASE, submitted / "demo-release" / ASSIGNMENT)
    make_mutant(solutions, submitted / "demo-mutant" / ASSIGNMENT, DEMO_MUTANT)
    for student, what in STUDENTS.items():
        print(f"[submitted] {student}: {what}")


def nbgrader_scores(course, student):
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}", COURSE_ID) as gb:
        return {grade.name: grade.score for notebook in sorted({part.notebook for part in PARTS.values()})
                for grade in gb.find_submission_notebook(notebook, ASSIGNMENT, student).grades}


def class_report_demo(course, solutions):
    """Grade DEMO_CLASS with grade-all and write its class report; return problems."""
    from .class_report import mistake_table, write_report
    from ..grading.grade_all import grade_all

    folder = course / "class"
    build_class(folder / "submitted", DEMO_CLASS, solutions)
    print()
    print(f"$ python -m autograder grade-all {(folder / 'submitted').relative_to(REPO)} --out "
          f"{(folder / 'graded').relative_to(REPO)} --workers 2   # a class of {len(DEMO_CLASS)}")
    start = time.monotonic()
    records = grade_all(folder / "submitted", folder / "graded", workers=2)
    print(f"  {len(records)} submissions in {time.monotonic() - start:.0f} s; mean score "
          f"{sum(r['score'] for r in records) / len(records):.1f}")
    print(f"$ python -m autograder class-report {(folder / 'graded').relative_to(REPO)} --out "
          f"{(folder / 'report').relative_to(REPO)} --boilerplate {solutions.relative_to(REPO)}")
    # Every student of the demo's class starts from the answer key: it is their boilerplate.
    index = write_report(folder / "graded", folder / "report", boilerplate=[solutions])
    from .class_report import load_class

    graded = [s for s in load_class(folder / "graded", skip=[folder / "report"]).values() if s.graded]
    for row in mistake_table(graded)[:3]:
        print(f"  {len(row['students']):2d} students: {row['id']}")
    flagged = [line for line in (folder / "report" / "similarity.csv").read_text().splitlines()[1:]
               if line.endswith(",yes")]
    print(f"  similar code flagged: {', '.join(line.split(',')[0] + ' & ' + line.split(',')[1] for line in flagged)}")
    print(f"Class report:       {index.relative_to(REPO)} (open it in a browser)")
    return [] if len(records) == len(DEMO_CLASS) else ["the demo class was not graded completely"]


def main():
    shutil.rmtree(COURSE, ignore_errors=True)
    course = make_course(COURSE)
    print(f"Course folder: {course.relative_to(REPO)}/ (scratch; the committed files are not touched)")
    problems = generate_release(course)
    solutions, answer_key_problems = build_answer_key(course)
    problems += answer_key_problems
    print()
    print(f"Student release:      {(course / 'release' / ASSIGNMENT).relative_to(REPO)}/")
    print(f"Solved notebooks:     {solutions.relative_to(REPO)}/*.ipynb (executed on "
          f"{CIFAR10_SUBSET.relative_to(REPO)})")
    logs = solutions / "submission_logs"
    print(f"Experiment logs:      {logs.relative_to(REPO)}/ ({len(list(logs.rglob('*.npz')))} .npz files)")
    for path in sorted((solutions / "figures").glob("*.png")):
        print(f"Plot:                 {path.relative_to(REPO)}")
    print()

    create_submissions(course, solutions)
    print(f"$ nbgrader autograde {ASSIGNMENT}")
    start = time.monotonic()
    run_nbgrader("autograde", ASSIGNMENT, cwd=course, capture_output=True)
    nbgrader_seconds = time.monotonic() - start
    print(f"$ nbgrader generate_feedback {ASSIGNMENT}")
    run_nbgrader("generate_feedback", ASSIGNMENT, cwd=course, capture_output=True)
    start = time.monotonic()
    standalone = {}
    for student in STUDENTS:
        out = course / "graded" / student / "results.json"
        standalone[student] = part_scores(grade(course / "submitted" / student / ASSIGNMENT, out=out))
    standalone_seconds = time.monotonic() - start

    # A row per graded part, a column per student: the score in nbgrader's gradebook / the maximum.
    in_gradebook = {student: nbgrader_scores(course, student) for student in STUDENTS}
    print()
    print(f"{'part':24s}" + "".join(f"{student:>16s}" for student in STUDENTS))
    for part in PARTS:
        print(f"{part:24s}" + "".join(f"{in_gradebook[student][part]:g}/{standalone[student][part][1]:g}".rjust(16)
                                      for student in STUDENTS))
    print(f"{'total':24s}" + "".join(f"{sum(in_gradebook[student].get(part, 0) for part in PARTS):>16g}"
                                     for student in STUDENTS))
    agree = {student: all(in_gradebook[student][part] == standalone[student][part][0] for part in PARTS)
             for student in STUDENTS}
    print(f"{'both paths':24s}" + "".join(f"{'agree' if agree[student] else 'DISAGREE':>16s}" for student in STUDENTS))
    print()
    print(f"nbgrader autograde: {nbgrader_seconds / len(STUDENTS):.1f} s per submission; "
          f"python -m autograder grade: {standalone_seconds / len(STUDENTS):.1f} s per submission")
    print("Inline answers: graded by hand in nbgrader (formgrader); listed as ungraded in results.json.")
    where = course.relative_to(REPO)
    print(f"Gradebook:          {where}/gradebook.db")
    print(f"Feedback:           {where}/feedback/<student>/fc_nets/<notebook>.html (+ results.txt)")
    print(f"Standalone results: {where}/graded/<student>/results.json (+ results.txt)")
    problems += class_report_demo(course, solutions)
    disagreements = sum(not ok for ok in agree.values())
    if disagreements:
        problems.append(f"the two grading paths disagree for {disagreements} submission(s)")
    for problem in problems:
        print(f"ERROR: {problem}", file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
