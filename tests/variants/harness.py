"""Student variants: apply one to a copy of the answer key, grade it, and tabulate the verdicts.

The variants (tests/variants/<group>/<name>.py, the mutants among them: autograder/course/variants.py says how they
are written and applied) are graded on the parts they can affect.

    python tests/variants/harness.py [--workers N] [NAME ...]

grades every variant and every mutant on the parts it can affect, runs the students'
public checks on it too, and prints, per part, the false passes (a bug that got full
marks), the false fails (correct code that lost points), how many bugs the feedback
named, and the public checks that said FAILED where the grader gave full marks
(they must never).
"""
import argparse
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parents[1]))

from autograder.course.solutions import link_dataset  # noqa: E402
from autograder.course.variants import corpus  # noqa: E402
from autograder.grading.pipeline import grade  # noqa: E402
from autograder.grading.report import part_scores  # noqa: E402
from autograder.layout import CIFAR10_SUBSET, SOLUTIONS  # noqa: E402
from autograder.parts import PARTS  # noqa: E402

# The parts graded on code only: a variant's logs are the answer key's, not its own (issue: log replay).
CODE_PARTS = [name for name, part in PARTS.items() if not part.graded_on_logs]
# Which parts a change of each student file can affect.
AFFECTED = {
    "deeplearning/layers.py": [part for part in CODE_PARTS if part != "update_rules"],
    "deeplearning/classifiers/fc_net.py": ["two_layer_net", "fc_net", "fc_net_normalization"],
    "deeplearning/optim.py": ["update_rules"],
}


def parts_of(variant):
    """The parts a variant can affect: all those its file feeds (a log mutant: the part where its bug lives)."""
    return AFFECTED.get(variant.file, sorted(variant.expect))


def variants():
    """Every variant and mutant graded here (code; the log mutants are graded by the tests), by name."""
    return {name: variant for name, variant in corpus().items() if not variant.log}


# The students' public checks as a student runs them: in a fresh process inside the assignment folder.
PUBLIC_RUN = """
import json, sys
from deeplearning.self_check import run_checks
print("RESULTS" + json.dumps({part: run_checks(part) for part in sys.argv[1:]}))
"""


def public_checks(folder, parts):
    """{part: [(title, status, message)]} of the public checks run in the assignment folder."""
    done = subprocess.run([sys.executable, "-c", PUBLIC_RUN, *parts], cwd=folder, capture_output=True, text=True,
                          timeout=600)
    if done.returncode != 0 or "RESULTS" not in done.stdout:
        return {part: [("the public checks", "crashed", done.stderr[-500:])] for part in parts}
    return json.loads(done.stdout.rpartition("RESULTS")[2])


def verdicts(variant):
    """(name, {part: (expected to pass, passed, named, the failed checks' messages)}, {part: public results}) of one
    variant or mutant, graded and self-checked on the parts it can affect (with the kit's CIFAR-10 subset where a
    student's download would be, for the log checks)."""
    with tempfile.TemporaryDirectory() as tmp:
        folder = variant.make(SOLUTIONS, Path(tmp) / "fc_nets")
        results = grade(folder, parts=parts_of(variant))
        link_dataset(folder, CIFAR10_SUBSET)
        public = public_checks(folder, parts_of(variant))
    found = {}
    for part in parts_of(variant):
        score, maximum = part_scores(results)[part]
        failed = " || ".join(entry["output"] for entry in results["tests"]
                             if entry.get("extra_data", {}).get("part") == part and entry.get("status") == "failed")
        phrase = variant.expect.get(part)
        found[part] = (phrase is None, score == maximum, phrase is not None and phrase in failed, failed)
    return variant.name, found, public


def public_failed_at_full_marks(found, public):
    """{part: the public checks that said FAILED (or crashed) where the grader gave the part full marks}."""
    return {part: [f"{title}: {message}" for title, status, message in public.get(part, [])
                   if status in ("failed", "crashed")]
            for part, (_, passed, _, _) in found.items()
            if passed and any(status in ("failed", "crashed") for _, status, _ in public.get(part, []))}


def confusion(results):
    """{part: {"false passes", "false fails", "bugs", "named", "public FAILED at full marks"}} from
    {name: (grader verdicts, public results)}."""
    table = {part: {"false passes": 0, "false fails": 0, "bugs": 0, "named": 0, "public FAILED at full marks": 0}
             for part in CODE_PARTS}
    for found, public in results.values():
        for part in public_failed_at_full_marks(found, public):
            if part in table:
                table[part]["public FAILED at full marks"] += 1
        for part, (should_pass, passed, named, _) in found.items():
            if part not in table:
                continue
            row = table[part]
            if should_pass:
                row["false fails"] += not passed
            else:
                row["bugs"] += 1
                row["false passes"] += passed
                row["named"] += named
    return table


def grade_all(selected, workers=2):
    """{name: (grader verdicts, public results)} of the selected variants and mutants."""
    with ProcessPoolExecutor(workers) as pool:
        return {name: (found, public) for name, found, public in pool.map(verdicts, selected)}


def format_table(table):
    lines = [f"{'part':24s}{'false passes':>14s}{'false fails':>13s}{'bugs named':>12s}{'public FAILED at full':>24s}"]
    for part, row in table.items():
        lines.append(f"{part:24s}{row['false passes']:>14d}{row['false fails']:>13d}"
                     f"{row['named']:>7d} / {row['bugs']:<3d}{row['public FAILED at full marks']:>22d}")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("names", nargs="*", help="grade only these variants or mutants (default: all)")
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    everything = variants()
    selected = [everything[name] for name in args.names] if args.names else list(everything.values())
    results = grade_all(selected, args.workers)
    for name, (found, public) in sorted(results.items()):
        for part, (should_pass, passed, named, failed) in found.items():
            if should_pass != passed or (not should_pass and not named):
                verdict = "FALSE FAIL" if should_pass else ("FALSE PASS" if passed else "NOT NAMED")
                print(f"{verdict:10s} {name} [{part}]: {failed[:300]}")
        for part, messages in public_failed_at_full_marks(found, public).items():
            print(f"PUBLIC     {name} [{part}]: {' || '.join(messages)[:300]}")
    print(format_table(confusion(results)))


if __name__ == "__main__":
    main()
