"""Code similarity: pairs of submissions whose students' own code is unusually alike.

Only what the students wrote is compared: their graded files (STUDENT_FILES), with the
released files, and any folder of code given to everyone (--boilerplate), as boilerplate:
a fingerprint of theirs never counts as a match, so what is left is the students' own
regions. (Whole files are fingerprinted, not cut-out regions: a renamed variable in a
released line then still matches the release.)
copydetect tokenizes the code (names become V and F, strings S, comments and layout go)
and fingerprints it by winnowing, as MOSS does, so renamed variables and reformatting do
not hide a copy. As MOSS's -m option does, a fingerprint that more than a tenth of the
class (at least COMMON_MIN students) shares is code everyone writes, and is ignored.

A similar pair is a reason to look at two submissions, never a verdict: short
assignments with a prescribed structure make honest solutions alike.
"""
import html
import io
import zipfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path

from copydetect import CodeFingerprint, compare_files
from copydetect.utils import get_token_coverage, highlight_overlap

from ..grading.intake import MAX_FILE_BYTES, find_assignment_root, regular_file
from ..layout import RELEASE, STUDENT_FILES

# copydetect's defaults: matches shorter than NOISE characters of tokenized code are noise, matches of GUARANTEE
# characters are always found (winnowing keeps one fingerprint per window of GUARANTEE - NOISE + 1).
NOISE, GUARANTEE = 25, 30
COMMON_SHARE, COMMON_MIN = 0.1, 10
# A pair is flagged when one student's code is at least FLAG_SIMILARITY covered by the other's, over at least
# FLAG_TOKENS characters of tokenized code (about 8 lines): the same short idiom or one-line slip in two
# submissions is no copy. Measured on the kit's variants with the answer key as boilerplate (docs/class-report.md,
# "Code similarity"): 8 copies with renamed variables 1.00, over 899-1,683 characters; 172 pairs of independently
# written correct code (38 variants, 8 students combining them) at most 221 matching characters, and at most
# 0.37 where more than 100 match.
FLAG_SIMILARITY, FLAG_TOKENS = 0.6, 300
# Pairs compared exactly by copydetect (the others are ranked by their shared fingerprints alone).
EXACT_PAIRS = 300


@dataclass
class Pair:
    a: str
    b: str  # a student, or "reference:<name>" for code from a --reference folder
    similarity: tuple  # (share of a's code found in b, share of b's code found in a)
    tokens: int  # characters of tokenized code that match
    code: tuple  # (a's code, b's code) as HTML with the matching parts in <mark>

    @property
    def flagged(self):
        return max(self.similarity) >= FLAG_SIMILARITY and self.tokens >= FLAG_TOKENS

    @property
    def rank(self):
        """Flagged pairs first, then by the mean of both shares (a full copy before code contained in another's)."""
        return -self.flagged, -sum(self.similarity) / 2, -self.tokens, self.a, self.b


def read_student_files(submission):
    """{relative path: text} of the graded files of a submission (an assignment folder, nbgrader's
    <student>/fc_nets/, or a zip); missing or unusable files are left out."""
    submission, found = Path(submission), {}
    limit = MAX_FILE_BYTES[".py"]
    if submission.is_file():
        try:
            with zipfile.ZipFile(submission) as zf:
                names = [info for info in zf.infolist() if not info.filename.startswith("__MACOSX/")]
                for relpath in STUDENT_FILES:
                    matches = sorted((info for info in names if (info.filename == relpath or info.filename.endswith(
                        "/" + relpath)) and info.file_size <= limit), key=lambda info: len(info.filename))
                    if matches:
                        found[relpath] = zf.read(matches[0]).decode("utf-8", errors="replace")
        except (zipfile.BadZipFile, OSError, ValueError):
            return {}
        return found
    root = find_assignment_root(submission) if submission.is_dir() else None
    for relpath in STUDENT_FILES if root else []:
        if not regular_file(root / relpath, limit):
            found[relpath] = (root / relpath).read_text(errors="replace")
    return found


def joined(files):
    """A submission's graded files as one text, each under a comment naming it (comments are not compared)."""
    return "".join(f"# ---- {relpath}\n{text}\n" for relpath, text in sorted(files.items()))


def fingerprint(code, boilerplate=()):
    return CodeFingerprint("code.py", NOISE, GUARANTEE - NOISE + 1, boilerplate=list(boilerplate),
                           fp=io.StringIO(code))


def boilerplate_hashes(folders=()):
    """Fingerprints of the released graded files and of the graded files of each boilerplate folder."""
    texts = [(RELEASE / relpath).read_text() for relpath in STUDENT_FILES]
    texts += [text for folder in folders for text in read_student_files(folder).values()]
    hashes = set()
    for text in texts:
        hashes |= fingerprint(text).hashes
    return sorted(hashes)


def _ignore(print_, hashes):
    """Drop hashes (code everyone writes) from a fingerprint, as if they were boilerplate."""
    for value in hashes & print_.hashes:
        del print_.hash_idx[value]
    print_.hashes -= hashes
    print_.token_coverage = get_token_coverage(print_.hash_idx, print_.k, len(print_.filtered_code))


def find_similar(submissions, references=None, boilerplate=(), top=None):
    """Pairs of submissions, most similar first.

    submissions: {student: submission path}; references: {name: submission path} of earlier terms or solutions
    found online (compared with every student, not with each other); boilerplate: folders whose graded files
    everyone was given. top: keep only that many pairs (default: every pair that shares code).
    """
    references = references or {}
    given = boilerplate_hashes(boilerplate)
    prints = {}
    for label, path in [*submissions.items(), *((f"reference:{name}", path) for name, path in references.items())]:
        files = read_student_files(path)
        if files:
            prints[label] = fingerprint(joined(files), given)
    owners = defaultdict(list)
    for label, print_ in prints.items():
        for value in print_.hashes:
            owners[value].append(label)
    common_limit = max(COMMON_MIN, int(COMMON_SHARE * len(submissions)))
    common = {value for value, labels in owners.items() if len(labels) > common_limit}
    shared = Counter()
    for value, labels in owners.items():
        if value not in common:
            for a, b in combinations(sorted(labels), 2):
                if not (a.startswith("reference:") and b.startswith("reference:")):
                    shared[a, b] += 1
    for print_ in prints.values():
        _ignore(print_, common)
    # Shared fingerprints over the smaller one's: copydetect's measure, approximately; the best are measured exactly.
    candidates = sorted(shared, key=lambda pair: -shared[pair] / max(1, min(len(prints[pair[0]].hashes),
                                                                             len(prints[pair[1]].hashes))))
    pairs = [compare(a, b, prints[a], prints[b]) for a, b in candidates[:EXACT_PAIRS]]
    pairs.sort(key=lambda pair: pair.rank)
    return pairs[:top] if top else pairs


def compare(a, b, print_a, print_b):
    tokens, similarity, slices = compare_files(print_a, print_b)
    code = tuple(highlight_overlap(print_.raw_code, part, "<mark>", "</mark>", truncate=8, escape_html=True)[0]
                 if len(part[0]) else html.escape(print_.raw_code) for print_, part in zip((print_a, print_b), slices))
    return Pair(a, b, (float(similarity[0]), float(similarity[1])), int(tokens), code)
