"""Download or install CIFAR-10 (python version) next to this file.

Run from the assignment folder (the one holding the notebooks):

    python deeplearning/datasets/get_datasets.py                 # download the official archive
    python deeplearning/datasets/get_datasets.py --from PATH     # install a local copy instead

PATH is a cifar-10-python.tar.gz archive or an extracted cifar-10-batches-py
folder (courses often keep one on a shared disk). The download is checked
against the official MD5. Installing is all-or-nothing: the data is unpacked
and checked in a temporary folder and only then moved into place, so a failed
or interrupted run leaves nothing half-written. Running it again when the data
is already there does nothing (use --force to replace it). A course with its own
mirror sets CIFAR10_URL (and CIFAR10_MD5 if the archive is repackaged).
"""
import argparse
import hashlib
import os
import shutil
import sys
import tarfile
import tempfile
import urllib.request

if __package__ in (None, ""):  # run as a script: make the deeplearning package importable
    sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))

from deeplearning.data_utils import CIFAR10_DIR, TEST_BATCH, TRAIN_BATCHES, load_CIFAR_batch

OFFICIAL_URL = "https://www.cs.toronto.edu/~kriz/cifar-10-python.tar.gz"
OFFICIAL_MD5 = "c58f30108f718f92721af3b95e74349a"
# A course mirror of the archive: set CIFAR10_URL (and CIFAR10_MD5 if it is repackaged).
DOWNLOAD_URL = os.environ.get("CIFAR10_URL", OFFICIAL_URL)
DOWNLOAD_MD5 = os.environ.get("CIFAR10_MD5", OFFICIAL_MD5)
FOLDER = "cifar-10-batches-py"
REQUIRED_FILES = TRAIN_BATCHES + [TEST_BATCH, "batches.meta"]


class InstallError(RuntimeError):
    pass


def check_batches(folder):
    """Check that folder holds readable CIFAR-10 batches.

    Returns (number of training images, number of test images); raises
    InstallError naming the first problem found.
    """
    missing = [name for name in REQUIRED_FILES if not os.path.isfile(os.path.join(folder, name))]
    if missing:
        raise InstallError(f"{folder} lacks {', '.join(missing)}")
    counts = {}
    for name in TRAIN_BATCHES + [TEST_BATCH]:
        try:
            X, y = load_CIFAR_batch(os.path.join(folder, name))
        except Exception as exc:
            raise InstallError(f"{os.path.join(folder, name)} is not a CIFAR-10 batch: {exc}") from exc
        if len(X) != len(y) or len(X) == 0:
            raise InstallError(f"{os.path.join(folder, name)} holds {len(X)} images and {len(y)} labels")
        counts[name] = len(X)
    return sum(counts[n] for n in TRAIN_BATCHES), counts[TEST_BATCH]


def md5_of(path):
    digest = hashlib.md5()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def download(url, target, expected_md5):
    """Stream url into target, printing progress; raise InstallError on a bad MD5."""
    print(f"Downloading {url}")
    digest = hashlib.md5()
    try:
        with urllib.request.urlopen(url, timeout=60) as response, open(target, "wb") as out:
            total = int(response.headers.get("Content-Length") or 0)
            done, next_report = 0, 0.1
            for block in iter(lambda: response.read(1 << 20), b""):
                out.write(block)
                digest.update(block)
                done += len(block)
                if total and done / total >= next_report:
                    print(f"  {done / 1e6:.0f} / {total / 1e6:.0f} MB")
                    next_report += 0.1
    except OSError as exc:
        raise InstallError(
            f"could not download {url}: {exc}\n"
            f"If this machine has no internet access, copy cifar-10-python.tar.gz here "
            f"from a machine that has, and run this command with --from PATH."
        ) from exc
    if digest.hexdigest() != expected_md5:
        raise InstallError(
            f"the download from {url} has MD5 {digest.hexdigest()}, expected {expected_md5}: "
            f"it is corrupt or not the CIFAR-10 python archive. Run the command again."
        )


def extract_archive(archive, workdir):
    """Safely unpack the cifar-10-batches-py folder of archive into workdir and return its path.

    Only regular files and folders under cifar-10-batches-py/ are accepted: absolute
    paths, '..', links and device files are refused before anything is written.
    """
    try:
        with tarfile.open(archive, "r:*") as tar:
            members = tar.getmembers()
            for member in members:
                parts = member.name.replace("\\", "/").split("/")
                if member.name.startswith(("/", "\\")) or ".." in parts or parts[0] != FOLDER:
                    raise InstallError(f"{archive} has an unexpected entry {member.name!r}; refusing to unpack it")
                if not (member.isfile() or member.isdir()):
                    raise InstallError(f"{archive} has a link or special file {member.name!r}; refusing to unpack it")
            if hasattr(tarfile, "data_filter"):  # Python >= 3.10.12: a second line of defence
                tar.extractall(workdir, members=members, filter="data")
            else:
                tar.extractall(workdir, members=members)
    except (tarfile.TarError, EOFError, OSError) as exc:
        raise InstallError(f"{archive} is not a readable .tar.gz archive: {exc}") from exc
    return os.path.join(workdir, FOLDER)


def copy_folder(source, workdir):
    """Copy the CIFAR-10 files of an extracted folder into workdir and return the copy's path."""
    if os.path.isdir(os.path.join(source, FOLDER)):
        source = os.path.join(source, FOLDER)
    target = os.path.join(workdir, FOLDER)
    os.makedirs(target)
    for name in REQUIRED_FILES:
        if not os.path.isfile(os.path.join(source, name)):
            raise InstallError(f"{source} lacks {name}: is it a cifar-10-batches-py folder?")
        shutil.copyfile(os.path.join(source, name), os.path.join(target, name))
    return target


def install(source=None, dest=CIFAR10_DIR, url=DOWNLOAD_URL, md5=DOWNLOAD_MD5, force=False):
    """Make dest a complete cifar-10-batches-py folder; return (num_train, num_test).

    source: None to download url, or the path of an archive or an extracted folder.
    """
    dest = os.path.abspath(dest)
    if os.path.isdir(dest) and not force:
        try:
            counts = check_batches(dest)
        except InstallError as exc:
            raise InstallError(f"{exc}\nThe folder is incomplete; rerun with --force to replace it.") from exc
        print(f"CIFAR-10 is already installed in {dest} ({counts[0]} training, {counts[1]} test images).")
        return counts

    parent = os.path.dirname(dest)
    os.makedirs(parent, exist_ok=True)
    # Work next to dest so the final move is a rename on the same file system.
    workdir = tempfile.mkdtemp(prefix=".cifar10-install-", dir=parent)
    try:
        if source is None:
            archive = os.path.join(workdir, "cifar-10-python.tar.gz")
            download(url, archive, md5)
            unpacked = extract_archive(archive, workdir)
        elif os.path.isdir(source):
            unpacked = copy_folder(source, workdir)
        elif os.path.isfile(source):
            if md5_of(source) != OFFICIAL_MD5:
                print(f"Note: {source} is not the official archive (MD5 differs); checking its contents.")
            unpacked = extract_archive(source, workdir)
        else:
            raise InstallError(f"{source} does not exist")
        counts = check_batches(unpacked)
        if os.path.lexists(dest):  # --force: move the old copy aside; it goes with workdir
            os.replace(dest, os.path.join(workdir, "replaced"))
        os.replace(unpacked, dest)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    print(f"Installed CIFAR-10 in {dest} ({counts[0]} training, {counts[1]} test images).")
    return counts


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--from", dest="source", metavar="PATH", help="install from a local archive or folder")
    parser.add_argument("--dest", default=CIFAR10_DIR, help="where to install (default: %(default)s)")
    parser.add_argument("--url", default=DOWNLOAD_URL, help="download from a mirror (default: $CIFAR10_URL or the "
                        "official archive)")
    parser.add_argument("--md5", default=DOWNLOAD_MD5, help="expected MD5 of the download (default: $CIFAR10_MD5 or "
                        "the official one)")
    parser.add_argument("--force", action="store_true", help="replace an existing installation")
    args = parser.parse_args(argv)
    try:
        install(args.source, args.dest, args.url, args.md5, args.force)
    except InstallError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
