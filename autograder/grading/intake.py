"""Intake of a submission: unpack it safely, find its assignment folder, assemble the package to grade.

Every limit on what a submission may hold lives here. Problems become notes for the
student; nothing here raises on bad input.
"""
import shutil
import stat
import zipfile
from pathlib import Path

from ..layout import NOTEBOOKS, RELEASE, STUDENT_FILES
from ..parts import MANUAL
from .repair import repair_file

MAX_FILE_BYTES = {".py": 2_000_000, ".npz": 5_000_000, ".ipynb": 50_000_000}
MAX_ZIP_BYTES, MAX_ZIP_MEMBERS = 500_000_000, 5_000


def regular_file(path, limit):
    """Why path cannot be used (missing, a link, too large), or '' if it is a regular file within limit."""
    path = Path(path)
    if path.is_symlink():
        return "is a symbolic link, which is not accepted"
    if not path.is_file():
        return "is missing"
    if path.stat().st_size > limit:
        return f"is larger than {limit // 1_000_000} MB"
    return ""


def extract_zip(archive, dest):
    """Safely unpack a submission zip into dest; raise ValueError with the reason if it is unusable."""
    with zipfile.ZipFile(archive) as zf:
        members = [m for m in zf.infolist() if not m.filename.startswith("__MACOSX/")]
        if len(members) > MAX_ZIP_MEMBERS or sum(m.file_size for m in members) > MAX_ZIP_BYTES:
            raise ValueError("the zip is too large (more than 5000 files or 500 MB unpacked)")
        for member in members:
            parts = Path(member.filename.replace("\\", "/")).parts
            is_link = stat.S_ISLNK(member.external_attr >> 16)
            if member.filename.startswith(("/", "\\")) or ".." in parts or is_link:
                raise ValueError(f"the zip holds an unsafe entry {member.filename!r}")
        for member in members:
            zf.extract(member, dest)


def find_assignment_root(folder, depth=3):
    """The folder holding the notebook, the package or the logs (a zip may nest it)."""
    markers = [*NOTEBOOKS, "deeplearning", "submission_logs"]
    level = [Path(folder)]
    for _ in range(depth + 1):
        for candidate in level:
            if any((candidate / marker).exists() for marker in markers):
                return candidate
        level = [child for parent in level for child in sorted(parent.iterdir()) if child.is_dir()
                 and not child.is_symlink() and child.name != "__MACOSX"]
    return None


def open_submission(submission, scratch, notes):
    """The assignment folder of a submission (unpacking a zip into scratch), or None."""
    submission = Path(submission)
    if submission.is_dir():
        root = find_assignment_root(submission)
    elif submission.is_file() and zipfile.is_zipfile(submission):
        try:
            extract_zip(submission, scratch)
        except (ValueError, zipfile.BadZipFile, OSError) as exc:
            notes.append(f"The submission zip could not be unpacked: {exc}.")
            return None
        root = find_assignment_root(scratch)
    elif not submission.exists():
        notes.append(f"{submission} does not exist.")
        return None
    else:
        notes.append(f"{submission} is neither an assignment folder nor a zip file.")
        return None
    if root is None:
        notes.append(f"The submission holds no {', '.join(NOTEBOOKS)}, deeplearning/ or submission_logs/.")
    return root


def assemble_package(root, dest, notes):
    """dest/fc_nets: the released package with the student's graded files in place."""
    assignment = dest / "fc_nets"
    shutil.copytree(RELEASE / "deeplearning", assignment / "deeplearning")
    for relpath in STUDENT_FILES:
        source = root / relpath if root else None
        problem = regular_file(source, MAX_FILE_BYTES[".py"]) if source else "is missing"
        if problem:
            notes.append(f"{relpath} {problem}: the released stub was graded in its place.")
        else:
            shutil.copyfile(source, assignment / relpath)
    return assignment


def copy_logs(root, names, dest):
    """Copy the submitted logs into dest (flat); return {name: the reason it could not be used}."""
    problems = {}
    for name in names:
        problem = regular_file(root / name, MAX_FILE_BYTES[".npz"]) if root else "is missing"
        if problem:
            problems[name] = problem
        else:
            shutil.copyfile(root / name, dest / Path(name).name)
    return problems


def read_manual_answers(root, notes, release=RELEASE):
    """{grade_id: answer text} of the written answers, from the notebook repaired on the release."""
    answers = {}
    if root is None:
        return answers
    for name in NOTEBOOKS:
        path = root / name
        problem = regular_file(path, MAX_FILE_BYTES[".ipynb"])
        if problem:
            notes.append(f"{name} {problem}.")
            continue
        try:
            notebook, repairs = repair_file(path, release / name)
        except (ValueError, UnicodeDecodeError, AttributeError, TypeError, KeyError) as exc:
            notes.append(f"{name} is not a readable notebook ({type(exc).__name__}); its written answers could not "
                         f"be extracted.")
            continue
        if repairs:
            notes.append(f"{name} was repaired before grading: " + "; ".join(repairs) + ".")
        for cell in notebook["cells"]:
            grade_id = cell["metadata"].get("nbgrader", {}).get("grade_id")
            if grade_id in MANUAL:
                source = cell["source"]
                answers[grade_id] = "".join(source) if isinstance(source, list) else source
    return answers
