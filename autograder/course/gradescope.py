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
(autograder/sandbox/isolation.py) that reaches none of them.
run_autograder then grades /autograder/submission with the same command as
`python -m autograder grade`, with the time budget given here (--budget; it must stay
below the assignment's "Autograder timeout" on Gradescope). Same repository and budget,
same bytes.

The grader's copy of the training images (references.IMAGES_FILE) goes into the zip
when it is small (the kit's subset: 13 MB). At full scale it is 147 MB, which deflate
hardly shrinks (129 MB): then the zip leaves it out, and setup.sh, which Gradescope runs
once when it builds the autograder's image, downloads CIFAR-10 as the students'
get_datasets.py does (the course's URL and MD5, all-or-nothing) and derives the images
from it, refusing data whose SHA-256 differs from the references'.
"""
import re
import zipfile
from pathlib import Path

from ..grading.limits import DEFAULT_BUDGET
from ..layout import IMAGES_FILE, NOTEBOOKS, REFERENCES, REPO

TEMPLATE = Path(__file__).with_name("gradescope_template")
INCLUDED = ["autograder", "source/fc_nets/deeplearning", "release/fc_nets/deeplearning",
            *(f"release/fc_nets/{name}" for name in NOTEBOOKS)]
SKIPPED = {"__pycache__", "gradescope_template", "references"}
# Of the reference package, what the grader never imports: shipped nowhere student code might find it.
NOT_SHIPPED = {"source/fc_nets/deeplearning/datasets", "source/fc_nets/deeplearning/gradient_check.py"}
ZIPPED_REFERENCES = "autograder/references"  # where the grader in the zip finds them (layout.REFERENCES)
# Training images up to this size travel in the zip; larger ones are downloaded by setup.sh.
SHIPPED_IMAGES_MB = 50


def bundle_files(references=REFERENCES):
    """{path inside the zip: file on disk}; references: the folder to ship as autograder/references."""
    files = {path.name: path for path in sorted(TEMPLATE.iterdir())}
    for included in INCLUDED:
        for path in [REPO / included] if (REPO / included).is_file() else sorted((REPO / included).rglob("*")):
            relative = path.relative_to(REPO)
            shipped = not any(relative.as_posix() == name or relative.as_posix().startswith(name + "/")
                              for name in NOT_SHIPPED)
            if path.is_file() and shipped and not SKIPPED & set(relative.parts) and path.suffix != ".pyc":
                files[relative.as_posix()] = path
    for path in sorted(Path(references).iterdir()):
        if path.is_file() and not (path.name == IMAGES_FILE and path.stat().st_size > SHIPPED_IMAGES_MB * 2**20):
            files[f"{ZIPPED_REFERENCES}/{path.name}"] = path
    return files


def build_gradescope_zip(out, budget=DEFAULT_BUDGET, references=REFERENCES, cifar10_url=None, cifar10_md5=None):
    """Write the zip; budget: the seconds run_autograder gives a grading run (`grade --budget`); references: the
    folder the grader's references come from; cifar10_url, cifar10_md5: where setup.sh downloads CIFAR-10 when the
    training images are too large to ship (default: get_datasets.py's, i.e. $CIFAR10_URL or the official archive)."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    settings = {"run_autograder": {"BUDGET": f"{budget:g}"},
                "setup.sh": {"CIFAR10_URL": cifar10_url or "", "CIFAR10_MD5": cifar10_md5 or ""}}
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, path in bundle_files(references).items():
            info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = (0o755 if path.stat().st_mode & 0o111 else 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            data = path.read_bytes()
            for variable, value in settings.get(name, {}).items():
                data = re.sub(rb"^" + variable.encode() + rb"=\S*$", f"{variable}={value}".encode(), data, count=1,
                              flags=re.MULTILINE)
            zf.writestr(info, data)
    return out
