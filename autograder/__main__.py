"""python -m autograder VERB ...: one verb per job."""
import argparse
import os
import sys
from pathlib import Path

from .layout import CIFAR10_SUBSET, DEFAULT_MEMORY_MB, REFERENCES, RELEASE, SOLUTIONS, SOURCE
from .grading.limits import DEFAULT_BUDGET, TIMEOUT_FACTOR, TIMEOUT_FLOOR


def cmd_demo(args):
    from .course.demo import main

    return main()


def cmd_solutions(args):
    from .course.solutions import build_solutions

    build_solutions(out=args.out, data_dir=args.data)
    return 0


def cmd_check_release(args):
    from .course.leakcheck import find_leaks

    problems = find_leaks(SOURCE, args.release, reference_dir=REFERENCES)
    for problem in problems:
        print(f"LEAK: {problem}", file=sys.stderr)
    if not problems:
        print(f"{args.release}: no leaks found")
    return 1 if problems else 0


# Exit statuses of grade and grade-all, for the instructor (run_autograder always exits 0: Gradescope then shows the
# student results.json, which says what went wrong).
GRADER_FAULT_EXIT, NOT_FOUND_EXIT = 1, 2


def cmd_grade(args):
    from .grading.pipeline import grade
    from .sandbox.isolation import describe
    from .grading.report import format_report, grader_faults

    missing = not args.submission.exists()
    if missing:  # first, before the 0-point report that results.json still gets (Gradescope needs one)
        print(f"error: {args.submission} does not exist: nothing was graded (results.json says so, with 0 points)",
              file=sys.stderr)
    results = grade(args.submission, out=args.out, report=args.report, rng_seed=args.seed, timeout=args.timeout,
                    memory_mb=args.memory_mb, parts=args.parts.split(",") if args.parts else None, budget=args.budget)
    print(describe(results["extra_data"]["isolation"]))  # first: how far student code was kept from your files
    print(format_report(results, args.submission), end="")
    faults = grader_faults(results)
    for fault in faults:
        print(f"GRADER FAULT (not the student's): {fault}", file=sys.stderr)
    return NOT_FOUND_EXIT if missing else GRADER_FAULT_EXIT if faults else 0


def cmd_grade_all(args):
    from .grading.grade_all import grade_all, isolation_summary

    if not args.submitted.is_dir():
        print(f"error: {args.submitted} is not a folder of submissions", file=sys.stderr)
        return NOT_FOUND_EXIT
    records = grade_all(args.submitted, args.out, workers=args.workers, scheduler=args.scheduler,
                        gradebook=args.gradebook, timeout=args.timeout, memory_mb=args.memory_mb, budget=args.budget)
    print(f"{len(records)} submissions graded: {args.out / 'grades.csv'}, {args.out}/<student>/results.json")
    print("\n".join(isolation_summary(records)))
    failed = [record for record in records if record.get("grader_faults") or record.get("error")]
    for record in failed:
        print(f"GRADER FAULT (not the student's) in {record['student']}: "
              f"{record.get('error') or record['grader_faults'][0]}", file=sys.stderr)
    if failed:
        print(f"{len(failed)} submission(s) could not be fully graded because of the grader: fix it and run the same "
              f"command again (it grades only these again)", file=sys.stderr)
    if args.canvas:
        from .course.canvas import write_from_records

        for problem in write_from_records(records, args.canvas, roster=args.canvas_roster, columns=args.canvas_columns):
            print(f"canvas: {problem}", file=sys.stderr)
        print(f"Canvas gradebook import: {args.canvas} (Canvas: Grades -> Import)")
    return GRADER_FAULT_EXIT if failed else 0


def cmd_class_report(args):
    from .course.class_report import main

    return main(args.graded, args.out, compare=args.compare, references=args.reference, boilerplate=args.boilerplate,
                submitted=args.submitted)


def cmd_references(args):
    from .course.references import build_references, write_images

    if args.images_only:
        write_images(args.data, out=args.out)
    else:
        build_references(solutions=args.solutions, data_dir=args.data, out=args.out)
    return 0


def cmd_grade_cells(args):
    from .course.grade_cells import sync_grade_cells

    stale = sync_grade_cells(write=True)
    print("\n".join(f"rewrote the grade cell {cell}" for cell in stale) or "the grade cells are up to date")
    return 0


def cmd_gradescope(args):
    from .course.gradescope import build_gradescope_zip, bundle_files
    from .layout import IMAGES_FILE

    out = build_gradescope_zip(args.out, budget=args.budget, references=args.references, cifar10_url=args.cifar10_url,
                               cifar10_md5=args.cifar10_md5)
    print(f"wrote {out} ({out.stat().st_size / 1e6:.1f} MB; a grading run may take {args.budget:g} s: set the "
          f"assignment's Autograder timeout on Gradescope to at least {args.budget + 60:g} s)")
    if not any(name.endswith(IMAGES_FILE) for name in bundle_files(args.references)):
        print(f"The grader's training images are too large for the zip: setup.sh downloads CIFAR-10 from "
              f"{args.cifar10_url or 'the official address'} when Gradescope builds the image, and checks them "
              f"against the references' SHA-256")
    return 0


def add_limits(p):
    """--budget, --timeout and --memory-mb, of grade and grade-all."""
    p.add_argument("--budget", type=float, default=DEFAULT_BUDGET,
                   help="seconds for a whole grading run, results included (default: %(default)s, below Gradescope's "
                        "default limit of 10 minutes)")
    p.add_argument("--timeout", type=float, help="seconds every graded part may run (default: each part its own, "
                                                 f"max({TIMEOUT_FLOOR}, {TIMEOUT_FACTOR} x its cost on the answer key))")
    p.add_argument("--memory-mb", type=int, default=DEFAULT_MEMORY_MB,
                   help="memory limit of student code, lowered to what the machine has (default: %(default)s)")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m autograder", description=__doc__)
    verbs = parser.add_subparsers(dest="verb", required=True)

    p = verbs.add_parser("demo", help="release the assignment and run the answer key on the CIFAR-10 subset")
    p.set_defaults(run=cmd_demo)

    p = verbs.add_parser("solutions", help="regenerate solutions/ by executing the source notebooks")
    p.add_argument("--out", type=Path, default=SOLUTIONS, help="output folder (default: %(default)s)")
    p.add_argument("--data", type=Path, default=CIFAR10_SUBSET, help="CIFAR-10 folder to run on (default: %(default)s)")
    p.set_defaults(run=cmd_solutions)

    p = verbs.add_parser("grade", help="grade one submission (folder or zip) and write Gradescope results.json")
    p.add_argument("submission", type=Path)
    p.add_argument("--out", type=Path, default=Path("results.json"), help="results file (default: %(default)s)")
    p.add_argument("--report", type=Path, help="readable report (default: the results file with .txt)")
    p.add_argument("--seed", type=int, help="random seed of the grading run (default: a fresh one)")
    add_limits(p)
    p.add_argument("--parts", help="grade only these parts, comma-separated (e.g. layernorm,fc_net); default: all")
    p.set_defaults(run=cmd_grade)

    p = verbs.add_parser("grade-all", help="grade every submission of a folder in parallel, resumably")
    p.add_argument("submitted", type=Path, help="nbgrader's submitted/ or a folder of assignment folders or zips")
    p.add_argument("--out", type=Path, default=Path("graded"), help="results folder (default: %(default)s)")
    p.add_argument("--workers", type=int, default=os.cpu_count(), help="processes (default: the number of CPUs)")
    p.add_argument("--scheduler", help="address of a Dask scheduler to run on instead (tcp://host:8786)")
    p.add_argument("--gradebook", type=Path, help="also write the part scores into this nbgrader gradebook.db")
    p.add_argument("--canvas", type=Path, help="also write the scores as a Canvas gradebook import CSV")
    p.add_argument("--canvas-roster", type=Path,
                   help="a gradebook CSV exported from Canvas: match the students and assignments to it")
    p.add_argument("--canvas-columns", choices=["assignment", "notebook", "part"], default="assignment",
                   help="one Canvas column per assignment, notebook or graded part (default: %(default)s)")
    add_limits(p)
    p.set_defaults(run=cmd_grade_all)

    p = verbs.add_parser("class-report", help="what the class got wrong: a static HTML report of a graded folder")
    p.add_argument("graded", type=Path, help="the folder grade-all wrote, or nbgrader's autograded/")
    p.add_argument("--out", type=Path, required=True, help="report folder (index.html, PNG figures, CSV tables)")
    p.add_argument("--compare", type=Path, help="an earlier graded folder: list the scores that changed since")
    p.add_argument("--reference", type=Path, action="append", default=[],
                   help="a folder of other submissions (earlier terms, solutions found online) to compare the "
                        "students' code with; repeatable")
    p.add_argument("--boilerplate", type=Path, action="append", default=[],
                   help="an assignment folder whose graded files everyone was given (besides the release); "
                        "repeatable")
    p.add_argument("--submitted", type=Path,
                   help="where the submissions are, for the code similarity (default: the paths grade-all recorded)")
    p.set_defaults(run=cmd_class_report)

    p = verbs.add_parser("references", help="rebuild autograder/references/ from solutions/ and the data")
    p.add_argument("--data", type=Path, default=CIFAR10_SUBSET, help="CIFAR-10 folder solutions/ ran on")
    p.add_argument("--solutions", type=Path, default=SOLUTIONS, help="the answer key (default: %(default)s)")
    p.add_argument("--out", type=Path, default=REFERENCES, help="references folder (default: %(default)s)")
    p.add_argument("--images-only", action="store_true",
                   help="only write the grader's copy of the training images from --data, checked against the "
                        "references' digest (what a Gradescope image that downloads CIFAR-10 does)")
    p.set_defaults(run=cmd_references)

    p = verbs.add_parser("grade-cells", help="write each part's points and title into its grade cell in source/")
    p.set_defaults(run=cmd_grade_cells)

    p = verbs.add_parser("gradescope", help="build the Gradescope autograder zip")
    p.add_argument("--out", type=Path, default=Path("dist/fc_nets_gradescope.zip"), help="default: %(default)s")
    p.add_argument("--budget", type=float, default=DEFAULT_BUDGET,
                   help="seconds for a grading run (default: %(default)s, for Gradescope's default Autograder timeout "
                        "of 10 minutes; e.g. 2340 for the largest, 40 minutes)")
    p.add_argument("--references", type=Path, default=REFERENCES, help="references to ship (default: %(default)s)")
    p.add_argument("--cifar10-url", default=os.environ.get("CIFAR10_URL"),
                   help="where setup.sh downloads CIFAR-10 if the training images are not shipped (default: "
                        "$CIFAR10_URL, else the official archive)")
    p.add_argument("--cifar10-md5", default=os.environ.get("CIFAR10_MD5"),
                   help="its MD5 (default: $CIFAR10_MD5, else the official archive's)")
    p.set_defaults(run=cmd_gradescope)

    p = verbs.add_parser("check-release", help="independent leak check of a student release")
    p.add_argument("release", type=Path, nargs="?", default=RELEASE)
    p.set_defaults(run=cmd_check_release)

    args = parser.parse_args(argv)
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
