"""The class report on 1,000 submissions: the report from results alone, and the code similarity check.

Nothing is graded 1,000 times: a few real gradings (the answer key, mutants, the release) are
copied under 1,000 student names for the report, and 1,000 submissions' graded files are
synthesized from the student variants of tests/variants/ with random perturbations for the
similarity check (with the answer key as boilerplate, as in the demo: they all start from it).
"""
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

from autograder.course.class_report import write_report
from autograder.course.demo import build_class, rename_variables
from autograder.grading.grade_all import RECORD, grade_all
from autograder.layout import SOLUTIONS, STUDENT_FILES
from autograder.course.similarity import find_similar
from autograder.course.variants import corpus, patch_source

SEEDS = {"key": ("key",), "dropout": ("mutant:drop_probability",), "momentum": ("mutant:momentum_wrong_sign",),
         "fabricated": ("mutant:log_fabricated",), "release": ("release",)}


def graded_class(root, n):
    """A graded folder of n students whose results are copies of a few real gradings."""
    build_class(root / "seeds", SEEDS)
    seeds = root / "seeds-graded"
    grade_all(root / "seeds", seeds, workers=2, progress=False)
    records = {line["student"]: line for line in map(json.loads, (seeds / RECORD).read_text().splitlines())}
    graded, rng, names = root / "graded", random.Random(0), list(SEEDS)
    graded.mkdir()
    with open(graded / RECORD, "w") as record:
        for i in range(n):
            seed = rng.choices(names, weights=[5, 3, 2, 1, 1])[0]
            student = f"student{i:04d}"
            shutil.copytree(seeds / seed, graded / student)
            record.write(json.dumps({**records[seed], "student": student, "submission": ""}) + "\n")
    return graded


def report(n=1000):
    with tempfile.TemporaryDirectory() as tmp:
        graded = graded_class(Path(tmp), n)
        start = time.perf_counter()
        write_report(graded, Path(tmp) / "report")
        seconds = time.perf_counter() - start
    print(f"Class report of {n} graded submissions (results only, no code to compare): {seconds:.1f} s "
          f"(target: at most 15 s)")
    return seconds


def synthesized_submissions(root, n, rng):
    """n submissions' graded files: each function as the answer key or one of its correct variants, a few random
    statements added, and every 50th student a renamed copy of another."""
    correct = [v for v in corpus().values() if not v.expect]
    base = {relpath: (SOLUTIONS / relpath).read_text() for relpath in STUDENT_FILES}
    made = {}
    for i in range(n):
        student = f"student{i:04d}"
        if i % 50 == 49:
            files = {relpath: rename_variables(text) for relpath, text in made[f"student{i - 1:04d}"].items()}
        else:
            files = dict(base)
            for variant in rng.sample(correct, rng.randint(0, 6)):
                files[variant.file] = patch_source(files[variant.file], variant.path.read_text())
            files = {relpath: perturbed(text, rng) for relpath, text in files.items()}
        made[student] = files
        for relpath, text in files.items():
            (root / student / relpath).parent.mkdir(parents=True, exist_ok=True)
            (root / student / relpath).write_text(text)
    return {student: root / student for student in made}


def perturbed(text, rng):
    """text with a few statements of a student's own inserted after random code lines inside functions."""
    lines = text.splitlines()
    places = [i for i, line in enumerate(lines) if line.startswith("        ") and line.strip()
              and not line.rstrip().endswith((":", ",", "(", "[", "{", "\\")) and not line.strip().startswith(
                  ("#", '"', "'", "return", "raise", ")", "]", "}"))]
    for i in sorted(rng.sample(places, min(len(places), rng.randint(3, 8))), reverse=True):
        indent = lines[i][:len(lines[i]) - len(lines[i].lstrip())]
        lines.insert(i + 1, f"{indent}_check{rng.randint(0, 99)} = {rng.randint(0, 999)} * {rng.random():.3f}")
    return "\n".join(lines) + "\n"


def similarity(n=1000):
    with tempfile.TemporaryDirectory() as tmp:
        submissions = synthesized_submissions(Path(tmp), n, random.Random(1))
        start = time.perf_counter()
        pairs = find_similar(submissions, boilerplate=[SOLUTIONS])  # every synthesized student starts from it
        seconds = time.perf_counter() - start
    copies = {(f"student{i - 1:04d}", f"student{i:04d}") for i in range(49, n, 50)}
    flagged = {(pair.a, pair.b) for pair in pairs if pair.flagged}
    print(f"Code similarity of {n} submissions: {seconds:.1f} s (target: at most 180 s on 2 cores); "
          f"{len(flagged & copies)} of the {len(copies)} planted copies flagged, {len(flagged - copies)} other "
          f"pairs flagged")
    return seconds


def main(n=1000):
    report(n)
    similarity(n)


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 1000)
