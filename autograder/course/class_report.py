"""The class report: python -m autograder class-report GRADED_DIR --out REPORT_DIR

What the class got wrong, at a glance, for the instructor: one static page (REPORT_DIR/index.html,
inline CSS, no network: it opens from a shared drive or a zip), its figures as PNG files
next to it, a CSV file per table, and each student's feedback copied into
REPORT_DIR/feedback/ so that its links work wherever the folder goes.

GRADED_DIR is what `grade-all` writes (<student>/results.json, record.jsonl) or nbgrader's
autograded/ (<student>/fc_nets/results.json, which the kit's hooks leave). The sections:
the score distribution; per part the mean, the share of full marks and how well the part
separates strong from weak submissions; the mistakes, by the ids the checks give
(results.json extra_data.mistake); integrity (logs that do not replay or were run with
other settings or data, crashes, timeouts, submissions or results that could not be read);
code similarity (autograder.course.similarity); with --compare, the scores that changed since an
earlier grading. Everything a student wrote (names, messages that quote their values,
code) is escaped.
"""
import csv
import hashlib
import html
import json
import re
import shutil
import statistics
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import matplotlib

matplotlib.use("Agg")  # files only, never a window
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from ..sandbox import isolation  # noqa: E402
from . import similarity  # noqa: E402
from ..grading.grade_all import find_submissions, read_record  # noqa: E402
from ..layout import ASSIGNMENT  # noqa: E402
from ..parts import PARTS  # noqa: E402
from ..grading.report import checks_of  # noqa: E402

TOTAL = sum(part.points for part in PARTS.values())
NOTEBOOKS = list(dict.fromkeys(part.notebook for part in PARTS.values()))
KNOWN_CHECKS = {(part.name, title) for part in PARTS.values() for title, _ in part.checks.values()}

# Mistakes that say something about how a submission was made or graded rather than what its code gets wrong.
INTEGRITY = {
    "log_not_replayed": "log does not replay with the submitted code",
    "log_claim_unproven": "log claims numbers its recorded parameters do not give",
    "log_not_replayable": "log does not record what the grader needs to check it",
    "log_settings": "log run with other settings than prescribed",
    "log_data": "log trained on other data than prescribed",
    "log_unreadable": "log could not be read",
    "crashed": "student code crashed the grading of a part",
    "timeout": "a part's grading timed out",
    "grader_fault": "the grader failed here, not the student's code: fix the grader, then grade again",
}
TOP_MISTAKES, SIDE_BY_SIDE, SIMILAR_ROWS = 15, 6, 30
SIMILARITY_HEADERS = ["student", "other", "share of student's code", "share of other's code", "matching characters",
                      "flagged"]


@dataclass
class Submission:
    student: str
    results: dict = None  # results.json, or None if there is none to use
    feedback: Path = None  # results.txt
    code: Path = None  # the submission, for the similarity check
    problems: list = field(default_factory=list)  # (what, reason) for the integrity table

    @property
    def graded(self):
        return self.results is not None

    @property
    def total(self):
        return self.results["score"]

    def part_score(self, part):
        """The part's score, or None if this grading did not grade the part."""
        entries = checks_of(self.results, part)
        return sum(entry["score"] for entry in entries) if entries else None

    def failed(self):
        """(entry, mistake id) of each failed check (notes cost no points and are listed apart)."""
        return [(entry, entry["extra_data"]["mistake"]) for entry in self.results["tests"]
                if entry.get("status") == "failed" and entry.get("extra_data", {}).get("mistake")]

    def notes(self):
        return [(entry, entry["extra_data"]["mistake"]) for entry in self.results["tests"]
                if entry.get("extra_data", {}).get("note") and entry.get("extra_data", {}).get("mistake")]


# ------------------------------------------------------------------ reading a graded folder
def results_problem(results):
    """Why a parsed results.json cannot be used for this assignment, or ''."""
    if not isinstance(results, dict) or not isinstance(results.get("tests"), list) or not isinstance(
            results.get("score"), (int, float)):
        return "results.json is not a Gradescope results file (no score or tests)"
    entries = [entry for entry in results["tests"] if isinstance(entry, dict)]
    ours = [entry for entry in entries if isinstance(entry.get("extra_data"), dict)
            and (entry["extra_data"].get("part"), entry["extra_data"].get("check")) in KNOWN_CHECKS]
    if len(ours) != len([entry for entry in entries if "part" in (entry.get("extra_data") or {})]) or not ours:
        return (f"results.json is not from this version of {ASSIGNMENT}: its checks are not this grader's "
                f"(regrade with `python -m autograder grade-all`)")
    for entry in ours:
        if not all(isinstance(entry.get(key), (int, float)) for key in ("score", "max_score")):
            return "results.json is damaged: a check has no numeric score"
    return ""


def load_class(graded, submitted=None, skip=()):
    """{student: Submission} of a graded folder (grade-all's or nbgrader's autograded/), in name order.

    submitted: where the submissions are, for the similarity check (default: the paths grade-all recorded, or the
    autograded copies). skip: folders that are not students' (the report's own, when it is inside).
    """
    graded = Path(graded)
    if not graded.is_dir():
        raise SystemExit(f"{graded} is not a folder: pass the folder grade-all wrote (--out) or nbgrader's "
                         f"autograded/")
    record = read_record(graded)
    sources = find_submissions(submitted) if submitted else {}
    skip = {Path(folder).resolve() for folder in skip}
    students = {}
    for entry in sorted(graded.iterdir()):
        if not entry.is_dir() or entry.name.startswith(".") or entry.resolve() in skip:
            continue
        folder = entry / ASSIGNMENT if (entry / ASSIGNMENT / "results.json").is_file() else entry
        if not (folder / "results.json").is_file() and entry.name not in record and not (entry / ASSIGNMENT).is_dir():
            continue  # not a student's folder
        submission = Submission(entry.name, code=sources.get(entry.name) or (
            Path(record[entry.name]["submission"]) if record.get(entry.name, {}).get("submission")
            else (folder if folder != entry else None)))
        students[entry.name] = submission
        path = folder / "results.json"
        if not path.is_file():
            submission.problems.append(("no results", "no results.json: the grading of this submission did not "
                                                      "finish (see nbgrader's log or the record)"))
            continue
        try:
            results = json.loads(path.read_text())
        except (ValueError, UnicodeDecodeError, OSError) as exc:
            submission.problems.append(("results unreadable", f"results.json could not be read: {exc}"))
            continue
        problem = results_problem(results)
        if problem:
            submission.problems.append(("results unusable", problem))
            continue
        submission.results = results
        if (folder / "results.txt").is_file():
            submission.feedback = folder / "results.txt"
        unreadable = (results.get("extra_data") or {}).get("unreadable") if isinstance(results.get("extra_data"),
                                                                                          dict) else None
        if unreadable:
            submission.problems.append(("submission unreadable", f"{unreadable} It was graded as the release."))
    for student, line in record.items():  # graded before, but its grading raised: no results.json to read
        if line.get("error") and student not in students:
            students[student] = Submission(student, code=Path(line["submission"]) if line.get("submission")
                                           else None, problems=[("grading failed", line["error"])])
        elif line.get("error") and not students[student].graded:
            students[student].problems = [("grading failed", line["error"])]
    if not students:
        raise SystemExit(f"{graded} holds no graded submissions: expected <student>/results.json (as `python -m "
                         f"autograder grade-all` writes) or <student>/{ASSIGNMENT}/results.json (nbgrader's "
                         f"autograded/ with the kit's hooks)")
    return dict(sorted(students.items()))


# ------------------------------------------------------------------ statistics
def correlation(xs, ys):
    """Pearson's r, or None when either side does not vary (nothing to separate)."""
    if len(xs) < 3 or statistics.pstdev(xs) == 0 or statistics.pstdev(ys) == 0:
        return None
    return float(np.corrcoef(xs, ys)[0, 1])


def score_summary(values, maximum):
    return {"n": len(values), "mean": statistics.mean(values) if values else None,
            "median": statistics.median(values) if values else None,
            "full": sum(value >= maximum for value in values) / len(values) if values else None}


def part_statistics(students):
    """[{part, notebook, points, n, mean, full, discrimination}]: discrimination is the correlation of the
    part's score with the rest of the total (the total without the part)."""
    rows = []
    for part in PARTS.values():
        graded = [(s.part_score(part.name), s.total) for s in students if s.part_score(part.name) is not None]
        scores = [score for score, _ in graded]
        rows.append({"part": part.name, "title": part.title, "notebook": part.notebook, "points": part.points,
                     **score_summary(scores, part.points),
                     "discrimination": correlation(scores, [total - score for score, total in graded])})
    return rows


def mistake_table(students, notes=False):
    """[{id, message, students, parts, points}] sorted by how many students made the mistake (most first)."""
    found = defaultdict(lambda: {"students": set(), "parts": Counter(), "points": 0.0, "messages": Counter()})
    for student in students:
        for entry, mistake in (student.notes() if notes else student.failed()):
            row = found[mistake]
            row["students"].add(student.student)
            row["parts"][entry["extra_data"]["part"]] += 1
            row["points"] += entry["max_score"] - entry["score"]
            row["messages"][entry.get("output") or ""] += 1
    rows = [{"id": mistake, "message": row["messages"].most_common(1)[0][0], "students": sorted(row["students"]),
             "parts": sorted(row["parts"]), "points": row["points"] / len(row["students"])}
            for mistake, row in found.items()]
    return sorted(rows, key=lambda row: (-len(row["students"]), row["id"]))


def integrity_rows(students):
    """[(student, what, part, reason)]: unusable submissions and results, and the mistakes of INTEGRITY."""
    rows = []
    for student in students:
        rows += [(student.student, what, "", reason) for what, reason in student.problems]
        if not student.graded:
            continue
        seen = set()
        for entry, mistake in student.failed():
            part, _, name = mistake.partition("/")
            what = INTEGRITY.get(name)
            if what and mistake not in seen:
                seen.add(mistake)
                rows.append((student.student, what, part, entry.get("output", "")))
    return rows


def regrades(old, new):
    """[(student, old total, new total, change, [(part, old, new)])] of the students whose scores changed."""
    rows = []
    for name in sorted(set(old) | set(new)):
        before, after = old.get(name), new.get(name)
        if not (before and before.graded) or not (after and after.graded):
            if (before and before.graded) != (after and after.graded):
                rows.append((name, before.total if before and before.graded else None,
                             after.total if after and after.graded else None, None, []))
            continue
        parts = [(part, before.part_score(part), after.part_score(part)) for part in PARTS
                 if before.part_score(part) != after.part_score(part)]
        if parts or before.total != after.total:
            rows.append((name, before.total, after.total, after.total - before.total, parts))
    return sorted(rows, key=lambda row: (-abs(row[3] or 0), row[0]))


# ------------------------------------------------------------------ figures
def plot_scores(students, path):
    totals = [s.total for s in students]
    figure, axes = plt.subplots(1, 1 + len(NOTEBOOKS), figsize=(13, 2.8), layout="constrained")
    panels = [("Total", totals, TOTAL)] + [
        (notebook, [sum(s.part_score(p) or 0 for p in PARTS if PARTS[p].notebook == notebook) for s in students],
         sum(part.points for part in PARTS.values() if part.notebook == notebook)) for notebook in NOTEBOOKS]
    for axis, (title, values, maximum) in zip(axes, panels):
        axis.hist(values, bins=np.linspace(0, maximum, 21), color="#3b6ea5", edgecolor="white")
        axis.set_title(f"{title} (of {maximum:g})", fontsize=10)
        axis.set_xlim(0, maximum)
        axis.axvline(statistics.median(values), color="#c0392b", linewidth=1)
        axis.tick_params(labelsize=8)
    axes[0].set_ylabel("students")
    figure.savefig(path, dpi=80)
    plt.close(figure)


def plot_mistakes(rows, n_students, path):
    top = rows[:TOP_MISTAKES][::-1]
    figure, axis = plt.subplots(figsize=(9, 0.32 * len(top) + 0.9), layout="constrained")
    axis.barh([row["id"] for row in top], [len(row["students"]) / n_students for row in top], color="#c0392b")
    axis.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))
    axis.set_xlabel("share of students")
    axis.tick_params(labelsize=8)
    figure.savefig(path, dpi=80)
    plt.close(figure)


def plot_similarity(pairs, path):
    figure, axis = plt.subplots(figsize=(7, 2.4), layout="constrained")
    axis.hist([max(pair.similarity) for pair in pairs], bins=np.linspace(0, 1, 41), color="#7f8c8d")
    axis.axvline(similarity.FLAG_SIMILARITY, color="#c0392b", linestyle="--", linewidth=1)
    axis.set_xlabel("share of one student's own code found in the other's (pairs that share any code)")
    axis.set_ylabel("pairs")
    axis.tick_params(labelsize=8)
    figure.savefig(path, dpi=80)
    plt.close(figure)


# ------------------------------------------------------------------ HTML and CSV
class Link:
    def __init__(self, text, href):
        self.text, self.href = str(text), href

    def __str__(self):
        return self.text


class Raw:
    """Markup the report built itself from escaped pieces (marked code); the CSV gets its text."""

    def __init__(self, markup, text):
        self.markup, self.text = markup, text

    def __str__(self):
        return self.text


def cell(value):
    if isinstance(value, Link):
        return f'<a href="{html.escape(value.href)}">{html.escape(value.text)}</a>'
    if isinstance(value, Raw):
        return value.markup
    if isinstance(value, (list, tuple)):
        return ", ".join(cell(item) for item in value)
    return html.escape(fmt(value))


def fmt(value):
    if value is None:
        return "–"
    if isinstance(value, Share):
        return f"{value:.0%}"
    if isinstance(value, float):
        return f"{value:.3g}" if abs(value) < 1 else f"{value:.1f}".removesuffix(".0")
    return str(value)


def table(out, name, headers, rows, numeric=()):
    """An HTML table, and the same rows in out/<name>.csv."""
    with open(out / f"{name}.csv", "w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(["; ".join(map(str, v)) if isinstance(v, (list, tuple)) else "" if v is None else str(v)
                             for v in row])
    head = "".join(f'<th{" class=num" if i in numeric else ""}>{html.escape(h)}</th>' for i, h in enumerate(headers))
    body = "\n".join("<tr>" + "".join(f'<td{" class=num" if i in numeric else ""}>{cell(v)}</td>'
                                      for i, v in enumerate(row)) + "</tr>" for row in rows)
    return (f'<table id="{name}"><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>'
            f'<p class=csv><a href="{name}.csv">{name}.csv</a></p>')


class Share(float):
    """A share: the page shows it as a percentage, the CSV as the number."""

    def __str__(self):
        return repr(float(self))


def percent(value):
    return None if value is None else Share(value)


def safe_name(student):
    """A file name for a student's feedback: student names come from folder names and may hold anything."""
    return re.sub(r"[^A-Za-z0-9_.-]", "_", student)[:60] + "-" + hashlib.sha256(student.encode()).hexdigest()[:8]


def copy_feedback(students, out):
    """{student: Link} to a copy of each student's results.txt in out/feedback/ (the report folder can move)."""
    folder = out / "feedback"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir()
    links = {}
    for student in students:
        if student.feedback and not student.feedback.is_symlink() and student.feedback.stat().st_size < 5_000_000:
            name = safe_name(student.student) + ".txt"
            shutil.copyfile(student.feedback, folder / name)
            links[student.student] = Link(student.student, "feedback/" + quote(name))
    return links


CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#222;margin:0 auto;max-width:1180px;
padding:0 24px 60px}
h1{font-size:24px;margin:24px 0 4px}h2{font-size:19px;margin:34px 0 8px;border-bottom:2px solid #3b6ea5;
padding-bottom:3px}
.lead{color:#555;margin-top:0}nav a{margin-right:14px}
table{border-collapse:collapse;margin:8px 0 2px;width:100%}th,td{border-bottom:1px solid #ddd;padding:4px 7px;
text-align:left;vertical-align:top}th{background:#f1f4f8;font-weight:600}td.num,th.num{text-align:right;
white-space:nowrap}
tbody tr:nth-child(even){background:#fafbfc}td{max-width:520px;overflow-wrap:anywhere}
.csv{font-size:12px;margin:0 0 10px}.csv a{color:#777}
.cards{display:flex;gap:12px;flex-wrap:wrap;margin:12px 0}.card{background:#f1f4f8;border-radius:6px;
padding:8px 14px}.card b{display:block;font-size:20px}
.warn{background:#fff5e6;border-left:4px solid #e67e22;padding:8px 12px}
.pair{display:grid;grid-template-columns:1fr 1fr;gap:10px;margin:6px 0 22px}
.pair pre{background:#f7f7f7;border:1px solid #ddd;padding:6px;margin:0;font-size:11px;overflow:auto;
max-height:420px;white-space:pre-wrap}
td code{font-size:12px;overflow-wrap:anywhere}mark{background:#ffd54f}img{max-width:100%}.msg{font-size:12.5px;color:#444}
"""
# The test opens the page in headless Chromium and reads from the DOM which images loaded.
IMAGE_CHECK = ("<script>addEventListener('load',function(){document.querySelectorAll('img').forEach(function(i){"
               "i.setAttribute('data-loaded',String(i.complete&&i.naturalWidth>0))})})</script>")


def write_report(graded, out, compare=None, references=(), boilerplate=(), submitted=None):
    """Write the class report of a graded folder into out; return the path of its index.html."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    students = load_class(graded, submitted, skip=[out])
    old = load_class(compare, skip=[out]) if compare else None
    graded_students = [s for s in students.values() if s.graded]
    links = copy_feedback(graded_students, out)
    who = lambda names: [links.get(name, name) for name in names]  # noqa: E731
    sections = [summary_section(students, graded_students, out, graded),
                parts_section(graded_students, out),
                mistakes_section(graded_students, out, who),
                integrity_section(students.values(), out, who),
                similarity_section(students, out, who, references, boilerplate)]
    if old is not None:
        sections.append(regrades_section(old, students, out, who, compare))
    sections.append(students_section(students.values(), out, who))
    nav = "".join(f'<a href="#{anchor}">{title}</a>' for anchor, title, _ in sections)
    body = "\n".join(f'<h2 id="{anchor}">{title}</h2>\n{content}' for anchor, title, content in sections)
    page = (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>{ASSIGNMENT}: class report'
            f'</title><style>{CSS}</style></head><body>\n<h1>{ASSIGNMENT}: class report</h1>\n<p class=lead>'
            f'{len(students)} submissions in {html.escape(Path(graded).name)}/. Every table is also a CSV file next to '
            f'this page; student names link to their feedback.</p>\n<nav>{nav}</nav>\n{body}\n{IMAGE_CHECK}'
            f'</body></html>\n')
    index = out / "index.html"
    index.write_text(page)
    return index


def summary_section(students, graded, out, folder):
    if not graded:
        return "scores", "Scores", "<p>No submission could be graded: see Integrity.</p>"
    totals = [s.total for s in graded]
    summary = score_summary(totals, TOTAL)
    cards = [("submissions", len(students)), ("graded", len(graded)), ("mean", f"{summary['mean']:.1f} / {TOTAL:g}"),
             ("median", f"{summary['median']:g}"), ("full marks", percent(summary["full"]))]
    rows = [("Total", TOTAL, *stats_row(totals, TOTAL))]
    for notebook in NOTEBOOKS:
        maximum = sum(part.points for part in PARTS.values() if part.notebook == notebook)
        values = [sum(s.part_score(p) or 0 for p in PARTS if PARTS[p].notebook == notebook) for s in graded]
        rows.append((notebook, maximum, *stats_row(values, maximum)))
    plot_scores(graded, out / "scores.png")
    html_cards = "".join(f"<div class=card>{html.escape(k)}<b>{cell(v)}</b></div>" for k, v in cards)
    content = (f"<div class=cards>{html_cards}</div>"
               f'<img src="scores.png" alt="score distributions" width="1040">'
               f"<p class=msg>Histograms of the scores (the red line is the median). Written answers (graded by "
               f"hand) are not included.</p>"
               + table(out, "scores", ["", "points", "mean", "median", "full marks"], rows, numeric=(1, 2, 3, 4)))
    return "scores", "Scores", content


def stats_row(values, maximum):
    summary = score_summary(values, maximum)
    return summary["mean"], summary["median"], percent(summary["full"])


def parts_section(graded, out):
    if not graded:
        return "parts", "Parts", "<p>No graded submission.</p>"
    rows = [(row["part"], row["title"], row["notebook"], row["points"], row["mean"], percent(row["full"]),
             row["discrimination"]) for row in part_statistics(graded)]
    content = ("<p class=msg>Discrimination: the correlation of the part's score with the rest of the total. "
               "Near 0 (or negative): the part does not separate strong from weak submissions (too easy, too hard, "
               "or testing something else); – where everyone got the same score.</p>"
               + table(out, "parts", ["part", "title", "notebook", "points", "mean", "full marks", "discrimination"],
                       rows, numeric=(3, 4, 5, 6)))
    return "parts", "Parts", content


def mistakes_section(graded, out, who):
    rows = mistake_table(graded)
    if not rows:
        return "mistakes", "Mistakes", "<p>No check failed.</p>"
    plot_mistakes(rows, len(graded), out / "mistakes.png")
    n = len(graded)
    content = ('<img src="mistakes.png" alt="the most frequent mistakes" width="720">'
               "<p class=msg>Every mistake a failed check named, by its id (&lt;part&gt;/&lt;mistake&gt;; "
               "&lt;part&gt;/&lt;check&gt;/other where no diagnosis names it), with the most frequent message. "
               "Points: the mean a student lost to it.</p>"
               + table(out, "mistakes", ["mistake", "students", "share", "parts", "points", "message", "who"],
                       [(Raw(f"<code>{html.escape(row['id'])}</code>", row["id"]), len(row["students"]),
                         percent(len(row["students"]) / n), row["parts"],
                         row["points"], Raw(f'<span class=msg>{html.escape(short(row["message"]))}</span>',
                                            row["message"]), who(row["students"])) for row in rows],
                       numeric=(1, 2, 4)))
    notes = mistake_table(graded, notes=True)
    if notes:
        content += ("<p>Notes (no points: representation, not behaviour):</p>"
                    + table(out, "notes", ["note", "students", "share", "message", "who"],
                            [(Raw(f"<code>{html.escape(row['id'])}</code>", row["id"]), len(row["students"]),
                              percent(len(row["students"]) / n), Raw(f'<span class=msg>{html.escape(short(row["message"]))}</span>', row["message"]),
                              who(row["students"])) for row in notes], numeric=(1, 2)))
    return "mistakes", "Mistakes", content


def short(text, limit=400):
    return text if len(text) <= limit else text[:limit] + " …"


def isolation_summary(students):
    """A paragraph on how student code was kept from the grader's files (results.json extra_data.isolation), loud
    where it was weak: (html, [(student, what, part, reason)] for the integrity table)."""
    records = {student.student: (student.results.get("extra_data") or {}).get("isolation") or {}
               for student in students if student.graded and isinstance(student.results.get("extra_data"), dict)}
    levels = Counter(isolation.level(record) for record in records.values())
    if not levels:
        return "", []
    text = "Isolation of student code: " + ", ".join(f"{level} for {n}" for level, n in levels.most_common()) + "."
    weak = {name: record for name, record in records.items() if isolation.level(record) in ("weak", "none")}
    rows = [(name, "isolation " + isolation.level(record), "", isolation.describe(record))
            for name, record in weak.items()]
    if weak:
        text = ("<p class=warn><b>WARNING</b>: " + html.escape(text) + " Where it was weak, student code could read the "
                "grader's files (the reference solution, hidden checks) or other submissions: "
                + html.escape(isolation.describe(next(iter(weak.values())))) + "</p>")
    else:
        text = "<p>" + html.escape(text) + "</p>"
    return text, rows


def integrity_section(students, out, who):
    students = list(students)
    isolated, isolation_rows = isolation_summary(students)
    rows = integrity_rows(students) + isolation_rows
    if not rows:
        return "integrity", "Integrity", isolated + ("<p>Every submission was read and graded; every graded log "
                                                     "replays.</p>")
    counts = Counter(what for _, what, _, _ in rows)
    content = isolated + ("<p>" + "; ".join(f"{html.escape(what)}: {n}" for what, n in counts.most_common()) + ".</p>"
               + table(out, "integrity", ["student", "what", "part", "reason"],
                       [(who([student])[0], what, part, Raw(f"<span class=msg>{html.escape(short(reason, 600))}"
                                                            f"</span>", reason))
                        for student, what, part, reason in sorted(rows, key=lambda r: (r[1], r[0], r[2]))]))
    return "integrity", "Integrity", content


def similarity_section(students, out, who, references, boilerplate):
    codes = {name: s.code for name, s in students.items() if s.code and Path(s.code).exists()}
    reference_codes = {f"{Path(folder).name}/{name}": path for folder in references
                       for name, path in find_submissions(folder).items()}
    pairs = similarity.find_similar(codes, reference_codes, boilerplate)
    caveat = ('<p class=warn><b>Similarity is a reason to look, never a verdict.</b> Short functions with a '
              'prescribed structure make honest solutions alike; read both submissions side by side, and talk to '
              'the students, before anything else.</p>')
    if not pairs:  # the CSV still says so, with its header and no rows
        (out / "similarity.csv").write_text(",".join(SIMILARITY_HEADERS) + "\n")
        return "similarity", "Code similarity", caveat + f"<p>No two of the {len(codes)} submissions' own code " \
                                                          f"share anything beyond the boilerplate.</p>"
    plot_similarity(pairs, out / "similarity.png")
    flagged = [pair for pair in pairs if pair.flagged]
    label = lambda name: name if name.startswith("reference:") else who([name])[0]  # noqa: E731
    rows = [(label(p.a), label(p.b), percent(p.similarity[0]), percent(p.similarity[1]), p.tokens,
             "yes" if p.flagged else "") for p in pairs[:SIMILAR_ROWS]]
    content = (caveat + f"<p>{len(codes)} submissions' graded files (<code>layers.py</code>, <code>fc_net.py</code>, "
               f"<code>optim.py</code>) compared with copydetect (tokenized, so renamed variables do not hide a copy; "
               f"winnowed fingerprints, as MOSS). The released code"
               f"{' and ' + html.escape(', '.join(map(str, boilerplate))) if boilerplate else ''} is boilerplate"
               f"{'; also compared with ' + html.escape(', '.join(map(str, references))) if references else ''}. "
               f"Flagged: at least {similarity.FLAG_SIMILARITY:.0%} of one student's own code found in the other's, "
               f"over at least {similarity.FLAG_TOKENS} characters of tokenized code. <b>{len(flagged)} pair(s) "
               f"flagged.</b></p>"
               f'<img src="similarity.png" alt="distribution of pair similarity" width="560">'
               + table(out, "similarity", SIMILARITY_HEADERS, rows, numeric=(2, 3, 4)))
    for pair in (flagged or pairs)[:SIDE_BY_SIDE]:
        content += (f"<h3>{cell(label(pair.a))} and {cell(label(pair.b))}: {pair.similarity[0]:.0%} / "
                    f"{pair.similarity[1]:.0%}</h3><div class=pair><pre>{pair.code[0]}</pre><pre>{pair.code[1]}"
                    f"</pre></div>")
    return "similarity", "Code similarity", content


def regrades_section(old, new, out, who, compare):
    rows = regrades(old, new)
    intro = f"<p>Compared with the grading in {html.escape(Path(compare).name)}/.</p>"
    if not rows:
        return "regrades", "Regrades", intro + "<p>No score changed.</p>"
    content = intro + table(out, "regrades", ["student", "before", "after", "change", "parts"],
                            [(who([name])[0], before, after, None if change is None else f"{change:+g}",
                              [f"{part}: {fmt(a)} → {fmt(b)}" for part, a, b in parts])
                             for name, before, after, change, parts in rows], numeric=(1, 2, 3))
    return "regrades", "Regrades", content


def students_section(students, out, who):
    """Every student, weakest first, with a link to the feedback."""
    rows = []
    for student in sorted(students, key=lambda s: (s.total if s.graded else -1, s.student)):
        by_notebook = [sum(student.part_score(p) or 0 for p in PARTS if PARTS[p].notebook == notebook)
                       if student.graded else None for notebook in NOTEBOOKS]
        rows.append((who([student.student])[0], student.total if student.graded else None, *by_notebook,
                     len({m for _, m in student.failed()}) if student.graded else None,
                     [what for what, _ in student.problems]))
    content = table(out, "students", ["student", "total", *NOTEBOOKS, "mistakes", "problems"], rows,
                    numeric=tuple(range(1, len(NOTEBOOKS) + 3)))
    return "students", "Students", content


def main(graded, out, compare=None, references=(), boilerplate=(), submitted=None):
    index = write_report(graded, out, compare, references, boilerplate, submitted)
    print(f"class report: {index}")
    return 0
