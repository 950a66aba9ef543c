"""Build the Gradescope autograder zip: python -m autograder gradescope --out fc_nets_gradescope.zip

The zip holds setup.sh, run_autograder and requirements.txt at its top level,
and the parts of this repository the grader needs, at the same relative paths:
autograder/ (with the hidden tests and the reference logs and data), the
reference package source/fc_nets/deeplearning/ (the modules the correct-layer
oracle and the hidden checks import, and the public checks; not its data
download script nor the gradient checker), the released package
release/fc_nets/deeplearning/ and the released notebooks (to repair submitted
notebooks against). Gradescope unpacks it into /autograder/source, which setup.sh
and run_autograder make readable by root only, as they do the results and the
submission: where Landlock is missing, student code runs as an unprivileged uid
(autograder/isolation.py) that reaches none of them.
run_autograder then grades /autograder/submission with the same command as
`python -m autograder grade`, with the time budget given here (--budget; it must stay
below the assignment's "Autograder timeout" on Gradescope). Same repository and budget,
same bytes.
"""
import re
import zipfile
from pathlib import Path

from .layout import NOTEBOOKS, REPO
from .limits import DEFAULT_BUDGET

TEMPLATE = Path(__file__).with_name("gradescope_template")
INCLUDED = ["autograder", "source/fc_nets/deeplearning", "release/fc_nets/deeplearning",
            *(f"release/fc_nets/{name}" for name in NOTEBOOKS)]
SKIPPED = {"__pycache__", "gradescope_template"}
# Of the reference package, what the grader never imports: shipped nowhere student code might find it.
NOT_SHIPPED = {"source/fc_nets/deeplearning/datasets", "source/fc_nets/deeplearning/gradient_check.py"}


def bundle_files():
    """{path inside the zip: file on disk}."""
    files = {path.name: path for path in sorted(TEMPLATE.iterdir())}
    for included in INCLUDED:
        for path in [REPO / included] if (REPO / included).is_file() else sorted((REPO / included).rglob("*")):
            relative = path.relative_to(REPO)
            shipped = not any(relative.as_posix() == name or relative.as_posix().startswith(name + "/")
                              for name in NOT_SHIPPED)
            if path.is_file() and shipped and not SKIPPED & set(relative.parts) and path.suffix != ".pyc":
                files[relative.as_posix()] = path
    return files


def build_gradescope_zip(out, budget=DEFAULT_BUDGET):
    """Write the zip; budget: the seconds run_autograder gives a grading run (`grade --budget`)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, path in bundle_files().items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if path.stat().st_mode & 0o111 else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = path.read_bytes()
            if name == "run_autograder":
                data = re.sub(rb"^BUDGET=\S+$", f"BUDGET={budget:g}".encode(), data, count=1, flags=re.MULTILINE)
            zf.writestr(info, data)
    return out
