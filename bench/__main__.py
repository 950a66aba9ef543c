"""python -m bench [--quick]: print the kit's performance figures (nothing is asserted).

Run it on a quiet machine: with 2 cores, another busy process makes OpenBLAS's
threads collapse. Compared runs alternate within one process, and the figures
to read are the ratios.
"""
import argparse

from . import class_report, data, experiment, full_scale, grading


def main():
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer rounds and a batch of 10 instead of 50")
    args = parser.parse_args()
    experiment.main(rounds=1 if args.quick else 3)
    print()
    grading.budget_overhead(rounds=1 if args.quick else 5)
    grading.log_proofs_overhead(rounds=1 if args.quick else 5)
    grading.one_submission(rounds=1 if args.quick else 3)
    grading.per_notebook()
    print()
    grading.batch(n=10 if args.quick else 50)
    print()
    data.main()
    print()
    class_report.main(n=100 if args.quick else 1000)
    print()
    full_scale.main(quick=args.quick)


if __name__ == "__main__":
    main()
