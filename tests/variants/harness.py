"""Student variants: apply one to a copy of the answer key, grade it, and tabulate the verdicts.

A variant is a module in tests/variants/<group>/ (see any of them): FILE names the
student file it changes, EXPECT maps the part where its bug lives to a phrase the
feedback must contain ({} for a correct variant), and every top-level function and
every method of every class it defines replaces the one of the same name in FILE
(its top-level imports are added). The mutants of autograder/parts/ join them.

tests/variants/mutants/ holds those mutants again as files (mutant_files(); not graded
here yet): a code mutant is written like a bug variant, with MISTAKE (the mistake id the
grader names, "<part>/<id>") and PUBLIC (whether the students' public checks name it
too) besides; a log mutant's file defines edit(path) instead, which changes the log at
FILE (its helpers are in mutants/_logs.py).

    python tests/variants/harness.py [--workers N] [NAME ...]

grades every variant and every mutant on the parts it can affect, runs the students'
public checks on it too, and prints, per part, the false passes (a bug that got full
marks), the false fails (correct code that lost points), how many bugs the feedback
named, and the public checks that said FAILED where the grader gave full marks
(they must never).
"""
import argparse
import ast
import importlib.util
import json
import shutil
import subprocess
import sys
import tempfile
import textwrap
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
MUTANTS = HERE / "mutants"
sys.path.insert(0, str(HERE.parents[1]))

from autograder.grading.pipeline import grade  # noqa: E402
from autograder.layout import CIFAR10_SUBSET, SOLUTIONS  # noqa: E402
from autograder.mutants import all_mutants, make_mutant  # noqa: E402
from autograder.parts import PARTS  # noqa: E402
from autograder.grading.report import part_scores  # noqa: E402
from autograder.course.solutions import link_dataset  # noqa: E402

# The parts graded on code only: a variant's logs are the answer key's, not its own (issue: log replay).
CODE_PARTS = [name for name, part in PARTS.items() if getattr(part.module, "GRADES", "code") == "code"]
# Which parts a change of each student file can affect.
AFFECTED = {
    "deeplearning/layers.py": [part for part in CODE_PARTS if part != "update_rules"],
    "deeplearning/classifiers/fc_net.py": ["two_layer_net", "fc_net", "fc_net_normalization"],
    "deeplearning/optim.py": ["update_rules"],
}


@dataclass
class Variant:
    name: str
    file: str
    expect: dict
    path: Path = None  # None for a mutant of autograder/parts/
    mistake: str = None  # a mutant's: the id of the mistake the grader names, "<part>/<id>"
    public: bool = None  # a mutant's: whether the students' public checks name it too
    log: bool = False  # a log mutant: its file defines edit(path), which changes the log at self.file

    @classmethod
    def read(cls, path):
        meta, log = {}, False
        for node in ast.parse(Path(path).read_text()).body:
            if (isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name)
                    and node.targets[0].id in ("FILE", "EXPECT", "MISTAKE", "PUBLIC")):
                meta[node.targets[0].id] = ast.literal_eval(node.value)
            log = log or (isinstance(node, ast.FunctionDef) and node.name == "edit")
        return cls(Path(path).stem, meta["FILE"], meta["EXPECT"], Path(path), meta.get("MISTAKE"), meta.get("PUBLIC"),
                   log)

    @property
    def parts(self):
        return AFFECTED.get(self.file, sorted(self.expect))

    def make(self, dest):
        """The answer key with this variant's code (or this mutant's bug) in place, at dest."""
        if self.path is None:
            return make_mutant(SOLUTIONS, dest, self.name)
        shutil.copytree(SOLUTIONS, dest, ignore=shutil.ignore_patterns("figures", "__pycache__"))
        self.apply(dest)
        return Path(dest)

    def apply(self, assignment):
        """Put this variant's code into the assignment folder (in place), or make its log edit there."""
        target = Path(assignment) / self.file
        if self.log:
            load_module(self.path).edit(target)
        else:
            target.write_text(patch_source(target.read_text(), self.path.read_text()))


def load_module(path):
    """The module of a file of tests/variants/ (a log mutant's, which may import its folder's _logs.py)."""
    spec = importlib.util.spec_from_file_location(f"variant_{Path(path).stem}", path)
    module = importlib.util.module_from_spec(spec)
    sys.path.insert(0, str(Path(path).parent))
    try:
        spec.loader.exec_module(module)
    finally:
        sys.path.remove(str(Path(path).parent))
    return module


def variants():
    """Every variant of tests/variants/*/ and every mutant of autograder/parts/, by name."""
    found = {path.stem: Variant.read(path) for path in sorted(HERE.glob("*/*.py"))
             if path.parent != MUTANTS and "EXPECT" in path.read_text() and not path.name.startswith("check_")}
    for mutant in all_mutants():
        part = next(name for name, part in PARTS.items() if mutant in part.mutants)
        found[f"mutant__{mutant.name}"] = Variant(mutant.name, mutant.file, {part: mutant.message}, None,
                                                  mutant.mistake, mutant.public, mutant.log_edit is not None)
    return found


def mutant_files():
    """The mutants written as files of tests/variants/mutants/, by name (the same bugs as those of autograder/parts/,
    which variants() still grades)."""
    return {path.stem: Variant.read(path) for path in sorted(MUTANTS.glob("*.py")) if not path.name.startswith("_")}


def _segment(lines, node):
    first = min([node.lineno] + [d.lineno for d in getattr(node, "decorator_list", [])])
    return textwrap.dedent("\n".join(lines[first - 1:node.end_lineno]))


def patch_source(text, variant_source):
    """text (a student file) with the variant's functions, methods and imports put in."""
    variant_lines, tree = variant_source.splitlines(), ast.parse(variant_source)
    wanted, imports = {}, []
    for node in tree.body:
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            imports.append(_segment(variant_lines, node))
        elif isinstance(node, ast.FunctionDef):
            wanted[(None, node.name)] = _segment(variant_lines, node)
        elif isinstance(node, ast.ClassDef):
            wanted.update({(node.name, item.name): _segment(variant_lines, item) for item in node.body
                           if isinstance(item, ast.FunctionDef)})
    lines, target = text.splitlines(), ast.parse(text)
    places = {}
    for node in target.body:
        if isinstance(node, ast.FunctionDef):
            places[(None, node.name)] = node
        elif isinstance(node, ast.ClassDef):
            places.update({(node.name, item.name): item for item in node.body if isinstance(item, ast.FunctionDef)})
    edits, added = [], []
    for key, code in wanted.items():
        if key in places:
            node = places[key]
            first = min([node.lineno] + [d.lineno for d in node.decorator_list])
            edits.append((first, node.end_lineno, textwrap.indent(code, " " * node.col_offset).splitlines()))
        elif key[0] is None:
            added.append(code)  # a helper function of the variant's own
        else:
            raise KeyError(f"{key[0]}.{key[1]} is not defined in the target file")
    for first, last, new in sorted(edits, reverse=True):
        lines[first - 1:last] = new
    last_import = max(node.end_lineno for node in target.body if isinstance(node, (ast.Import, ast.ImportFrom)))
    lines[last_import:last_import] = [line for code in imports for line in code.splitlines()]
    return "\n".join(lines + [""] + [line for code in added for line in ["", "", *code.splitlines()]]) + "\n"


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
        folder = variant.make(Path(tmp) / "fc_nets")
        results = grade(folder, parts=variant.parts)
        link_dataset(folder, CIFAR10_SUBSET)
        public = public_checks(folder, variant.parts)
    found = {}
    for part in variant.parts:
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
