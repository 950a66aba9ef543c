"""Fair and strict: correct student code in many styles gets full marks, every bug loses points with its name.

The variants of tests/variants/ (written in the styles real students use) and the
mutants of the parts are graded on the code parts (tests/variants/harness.py prints
the same confusion table). Their labels are checked independently of the grader, by
running them next to the reference package (check_layers.py, check_nets.py).
"""
import subprocess
import sys
from pathlib import Path

import pytest

VARIANTS = Path(__file__).resolve().parents[1] / "variants"
sys.path.insert(0, str(VARIANTS))

import harness  # noqa: E402


@pytest.mark.parametrize("script", ["layers/check_layers.py", "nets/check_nets.py"])
def test_variants_are_what_their_labels_say(script):
    """Correct variants match the reference everywhere; bug variants differ where their label says."""
    result = subprocess.run([sys.executable, str(VARIANTS / script)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]


def test_counts_of_the_corpus():
    everything = harness.variants()
    correct = [v for v in everything.values() if not v.expect]
    bugs = [v for v in everything.values() if v.expect and v.path is not None]
    assert len(correct) >= 25 and len({part for v in correct for part in v.parts}) == len(harness.CODE_PARTS)
    assert len(bugs) >= 30


def test_no_false_pass_no_false_fail_and_every_bug_named():
    results = harness.grade_all(list(harness.variants().values()), workers=2)
    table = harness.confusion(results)
    print(harness.format_table(table))
    wrong = {name: {part: verdict[3][:200] for part, verdict in found.items()
                    if verdict[0] != verdict[1] or not (verdict[0] or verdict[2])}
             for name, found in results.items()}
    assert {name: parts for name, parts in wrong.items() if parts} == {}
    assert all(row["false passes"] == row["false fails"] == 0 and row["named"] == row["bugs"] for row in table.values())
