"""Fair and strict: correct student code in many styles gets full marks, every bug loses points with its name, and
the public checks never report FAILED where the grader gives full marks.

The variants of tests/variants/ (written in the styles real students use, from textbooks, papers and frameworks'
documentation) and the mutants (tests/variants/mutants/) are graded on the parts they can affect, and the students' public
checks run on them the way a student runs them (tests/variants/harness.py prints the same table). Their labels are
checked independently of the grader, by running them next to the reference package (check_layers.py,
check_nets.py).
"""
import subprocess
import sys
from pathlib import Path

import pytest

from autograder.parts import PARTS

VARIANTS = Path(__file__).resolve().parents[1] / "variants"
sys.path.insert(0, str(VARIANTS))

import harness  # noqa: E402

pytestmark = pytest.mark.xdist_group("fairness")


@pytest.mark.parametrize("script", ["layers/check_layers.py", "nets/check_nets.py"])
def test_variants_are_what_their_labels_say(script):
    """Correct variants behave like the reference (in any accepted form); bug variants differ where their label
    says."""
    result = subprocess.run([sys.executable, str(VARIANTS / script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


@pytest.fixture(scope="module")
def graded():
    """{name: (grader verdicts, public check results)} of every variant and mutant."""
    return harness.grade_all(list(harness.variants().values()), workers=2)


def test_counts_of_the_corpus():
    everything = harness.variants()
    correct = [v for v in everything.values() if not v.expect]
    bugs = [v for v in everything.values() if v.expect and v.mistake is None]  # the mutants aside
    assert len(correct) >= 90 and len({part for v in correct for part in harness.parts_of(v)}) == len(harness.CODE_PARTS)
    assert len(bugs) >= 70
    for part in harness.CODE_PARTS:  # correct forms and bugs in every code part
        assert sum(part in v.expect for v in bugs) >= 3, part
        assert sum(v.path.stem.startswith(part) for v in correct) >= 3, part


def test_no_false_pass_no_false_fail_and_every_bug_named(graded):
    table = harness.confusion(graded)
    print(harness.format_table(table))
    wrong = {name: {part: verdict[3][:200] for part, verdict in found.items()
                    if verdict[0] != verdict[1] or not (verdict[0] or verdict[2])}
             for name, (found, _) in graded.items()}
    assert {name: parts for name, parts in wrong.items() if parts} == {}
    assert all(row["false passes"] == row["false fails"] == 0 and row["named"] == row["bugs"] for row in table.values())


def test_public_checks_never_fail_where_the_grader_gives_full_marks(graded):
    """For every variant and mutant: no public FAILED (and no crash of the public checks) on a part the grader gives
    full marks; a check whose failure comes from another part's code is a note there."""
    violations = {name: harness.public_failed_at_full_marks(found, public) for name, (found, public) in graded.items()}
    assert {name: parts for name, parts in violations.items() if parts} == {}


def test_correct_variants_pass_every_public_check(graded):
    """Correct code in every accepted form passes its parts' public checks (notes allowed)."""
    wrong = {name: [(part, title, message) for part, found in public.items() for title, status, message in found
                    if status not in ("passed", "note")]
             for name, (found, public) in graded.items() if all(verdict[0] for verdict in found.values())}
    assert {name: failed for name, failed in wrong.items() if failed} == {}


def test_bug_variants_fail_a_public_check_where_their_bug_is_public(graded):
    """Every bug variant whose part's public checks can see it loses a public check there; those only the grader's
    reference results, layer calls or replays can see stay few."""
    everything = harness.variants()
    bugs = {name: variant for name, variant in everything.items() if variant.expect and variant.mistake is None}
    missed = {name: part for name, variant in bugs.items() for part in variant.expect
              if all(status in ("passed", "note") for _, status, _ in graded[name][1].get(part, []))}
    assert len(missed) <= len(bugs) // 4, missed


def test_the_readme_lists_the_accepted_formulations_of_every_code_part():
    """The formulations table moved from the README to docs/fairness.md (the test keeps its name)."""
    fairness = (Path(__file__).resolve().parents[2] / "docs" / "fairness.md").read_text()
    for part in harness.CODE_PARTS:
        forms = PARTS[part].spec.formulations or {}
        assert forms and all(check in PARTS[part].checks for check in forms), part
        count = len({form.name for listed in forms.values() for form in listed})
        assert f"| `{part}` | {count} |" in fairness, part
