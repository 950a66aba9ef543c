"""Results of a grading: Gradescope's results.json, and the readable report rendered from it.

Every entry carries what the report needs in `extra_data` (Gradescope stores it and shows
nothing of it): for a check its part, its short title, whether it is a note (worth
0 points: representation, not behaviour; listed only when it applies) and, when it
failed, the id of the mistake it found ("<part>/<mistake>", or "<part>/<check>/other"
where no diagnosis names it; the class report counts them), for a written
answer its grade_id and whether it was answered. The report and the notebook's grade cells are
rendered from those fields.
"""
import textwrap

from ..parts import MANUAL, PARTS
from ..parts.checking import GRADER_FAULT
from .repair import NOT_FOUND

NO_ANSWER = "No answer found in the notebook."
WIDTH = 100


def build_results(checks, answers, notes, seconds):
    """results.json in Gradescope's format: one entry per hidden check and per written answer.

    checks: [{"part", "check" (its title), "points", "passed", "message"}], as autograder.grading.scoring records them.
    """
    entries = []
    for part_number, part in enumerate(PARTS.values(), start=1):
        # A check worth 0 points is a note: listed only when it has something to say, and never a failure.
        part_checks = [check for check in checks if check["part"] == part.name
                       and (check["points"] or not check["passed"])]
        for number, check in enumerate(part_checks, start=1):
            note = not check["points"]
            entries.append({
                "name": f"{part.title}: {'Note: ' if note else ''}{check['check']}",
                "number": f"{part_number}.{number}",
                "score": check["points"] if check["passed"] else 0.0,
                "max_score": check["points"],
                "status": "passed" if check["passed"] or note else "failed",
                "output": check["message"],
                "visibility": "visible",
                "tags": [part.name],
                "extra_data": {"part": part.name, "check": check["check"], "note": note,
                               **({"mistake": check["mistake"]} if check.get("mistake") else {}),
                               **({"grader_fault": True} if is_grader_fault(check) else {})},
            })
    for number, (grade_id, (title, points)) in enumerate(MANUAL.items(), start=1):
        text = answers.get(grade_id, "").strip()
        if text == NOT_FOUND:
            text = "No cell of the notebook could be matched to this answer: check the submission by hand."
        answered = bool(text) and text != "YOUR ANSWER HERE"
        entries.append({
            "name": f"{title} (graded by hand, {points} points)",
            "number": f"{len(PARTS) + 1}.{number}",
            "score": 0.0,
            "max_score": 0.0,
            "output": text if answered else NO_ANSWER,
            "visibility": "visible",
            "tags": ["manual", grade_id],
            "extra_data": {"answer": grade_id, "answered": answered},
        })
    faults = sorted({f"{check['part']}: {check['message']}" for check in checks if is_grader_fault(check)})
    return {
        **({"extra_data": {"grader_faults": faults}} if faults else {}),
        "score": sum(entry["score"] for entry in entries),
        "execution_time": round(seconds, 2),
        "output": "\n".join(notes),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": entries,
    }


def is_grader_fault(check):
    return (check.get("mistake") or "").endswith("/" + GRADER_FAULT)


def grader_faults(results):
    """The grader faults a results.json records ([] if none): each '<part>: <message>'."""
    return results.get("extra_data", {}).get("grader_faults", [])


def checks_of(results, part):
    return [entry for entry in results["tests"] if entry.get("extra_data", {}).get("part") == part]


def part_scores(results):
    """{part: (score, max score)} from a results.json dict."""
    return {part: (sum(e["score"] for e in checks_of(results, part)), sum(e["max_score"] for e in checks_of(results, part)))
            for part in PARTS}


def _wrapped(text, indent):
    """text in lines of at most WIDTH characters (the notebook's output and the feedback do not wrap)."""
    return textwrap.fill(text, WIDTH, initial_indent=indent, subsequent_indent=indent, break_long_words=False,
                         break_on_hyphens=False)


def format_part(results, part):
    """The report's section of one graded part: its score, every check with the reasons of failures, then the
    notes (which cost no points)."""
    score, maximum = part_scores(results)[part]
    lines = [f"{PARTS[part].title}: {score:g} / {maximum:g}"]
    entries = checks_of(results, part)
    for entry in (entry for entry in entries if not entry["extra_data"].get("note")):
        mark = "pass" if entry["status"] == "passed" else "FAIL"
        lines.append(_wrapped(f"[{mark}] {entry['extra_data']['check']} ({entry['score']:g}/{entry['max_score']:g})",
                              "  "))
        if entry["output"]:
            lines.append(_wrapped(entry["output"], " " * 9))
    for entry in (entry for entry in entries if entry["extra_data"].get("note")):
        lines.append(_wrapped(f"[note] {entry['extra_data']['check']} (no points)", "  "))
        lines.append(_wrapped(entry["output"], " " * 9))
    return "\n".join(lines)


def format_report(results, submission):
    lines = [f"fc_nets autograder report for {submission}", ""]
    unreadable = results.get("extra_data", {}).get("unreadable")
    if unreadable:  # the reason for a score of 0 comes first
        lines += [f"Nothing of the submission could be graded: {unreadable}", ""]
    total = sum(entry["max_score"] for entry in results["tests"])
    lines.append(f"Score: {results['score']:g} / {total:g} (the inline questions are graded by hand)")
    faults = grader_faults(results)
    if faults:
        lines.append(f"GRADER FAULTS: {len(faults)} part(s) could not be judged because of the grader, not of the "
                     f"submission; grade it again once the grader is fixed:")
        lines += [f"  - {fault}" for fault in faults]
    for part in PARTS:
        if checks_of(results, part):
            lines += ["", format_part(results, part)]
    lines += ["", "Written answers (graded by hand):"]
    for entry in results["tests"]:
        if "answer" in entry.get("extra_data", {}):
            lines.append(f"  {entry['name']}: {'answered' if entry['extra_data']['answered'] else 'NOT ANSWERED'}")
    if results["output"]:
        lines += ["", "Notes:"] + [f"  - {note}" for note in results["output"].splitlines()]
    lines.append(f"\nGraded in {results['execution_time']:.1f} s.")
    return "\n".join(lines) + "\n"
