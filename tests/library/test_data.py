"""CIFAR-10 loading on the real subset, and the fetch command of the released assignment."""
import functools
import hashlib
import http.server
import io
import shutil
import subprocess
import sys
import tarfile
import threading
from pathlib import Path

import numpy as np
import pytest

from autograder.layout import RELEASE
from deeplearning.data_utils import DatasetError, get_CIFAR10_data, load_CIFAR_batch

FETCH = RELEASE / "deeplearning" / "datasets" / "get_datasets.py"


def fetch(*args, cwd=None):
    return subprocess.run([sys.executable, str(FETCH), *map(str, args)], capture_output=True, text=True, cwd=cwd)


def make_archive(subset_dir, path, extra=None):
    """A cifar-10-python.tar.gz of the subset; extra: a function adding members to the open tar."""
    with tarfile.open(path, "w:gz") as tar:
        tar.add(subset_dir, arcname="cifar-10-batches-py")
        if extra:
            extra(tar)
    return path


def leftovers(folder):
    return sorted(p.name for p in Path(folder).iterdir() if p.name.startswith(".cifar10-install-"))


def test_subset_loads_with_shrink_to_fit(subset_dir):
    data = get_CIFAR10_data(shrink_to_fit=True, cifar10_dir=subset_dir)
    assert data["X_train"].shape == (4170, 3, 32, 32)
    assert data["X_val"].shape == (1000, 3, 32, 32) and data["X_test"].shape == (1000, 3, 32, 32)
    assert data["X_train"].dtype == np.float32 and data["X_train"].flags.c_contiguous
    assert np.abs(data["X_train"].mean(axis=0)).max() < 1e-3  # mean image subtracted
    # Labels are the official ones, in order: the validation set follows the training set.
    _, y_first_batch = load_CIFAR_batch(subset_dir / "data_batch_1")
    np.testing.assert_array_equal(data["y_train"][: len(y_first_batch)], y_first_batch)


def test_explicit_sizes_and_no_mean_subtraction(subset_dir):
    data = get_CIFAR10_data(num_training=500, num_validation=100, num_test=50, subtract_mean=False, cifar10_dir=subset_dir)
    X, _ = load_CIFAR_batch(subset_dir / "data_batch_1")
    np.testing.assert_array_equal(data["X_train"][0], X[0].transpose(2, 0, 1))
    np.testing.assert_array_equal(data["X_val"][0], X[500].transpose(2, 0, 1))
    assert len(data["y_test"]) == 50


def test_too_little_data_is_a_clear_error(subset_dir):
    with pytest.raises(DatasetError) as info:
        get_CIFAR10_data(cifar10_dir=subset_dir)
    message = str(info.value)
    assert "5170 training" in message and "49000" in message and "shrink_to_fit=True" in message


def test_missing_data_names_the_fetch_command(tmp_path):
    with pytest.raises(DatasetError) as info:
        get_CIFAR10_data(cifar10_dir=tmp_path / "nothing-here")
    assert "python deeplearning/datasets/get_datasets.py" in str(info.value)
    assert "--from PATH" in str(info.value)


def test_install_from_folder_is_idempotent(tmp_path, subset_dir):
    dest = tmp_path / "data" / "cifar-10-batches-py"
    first = fetch("--from", subset_dir, "--dest", dest)
    assert first.returncode == 0, first.stderr
    assert "5170 training, 1017 test" in first.stdout
    stamp = (dest / "data_batch_1").stat().st_mtime_ns
    second = fetch("--from", subset_dir, "--dest", dest)
    assert second.returncode == 0 and "already installed" in second.stdout
    assert (dest / "data_batch_1").stat().st_mtime_ns == stamp
    assert leftovers(dest.parent) == []


def test_install_from_archive_then_force_replace(tmp_path, subset_dir):
    archive = make_archive(subset_dir, tmp_path / "cifar-10-python.tar.gz")
    dest = tmp_path / "cifar-10-batches-py"
    result = fetch("--from", archive, "--dest", dest)
    assert result.returncode == 0, result.stderr
    assert "not the official archive" in result.stdout  # it is the subset, so its MD5 differs
    for name in ["data_batch_1", "data_batch_5", "test_batch", "batches.meta"]:
        assert (dest / name).read_bytes() == (subset_dir / name).read_bytes()
    (dest / "data_batch_3").unlink()
    incomplete = fetch("--from", archive, "--dest", dest)
    assert incomplete.returncode == 1 and "--force" in incomplete.stderr
    forced = fetch("--from", archive, "--dest", dest, "--force")
    assert forced.returncode == 0 and (dest / "data_batch_3").is_file()
    assert leftovers(tmp_path) == []


def add_traversal(tar):
    info = tarfile.TarInfo("cifar-10-batches-py/../../evil.txt")
    info.size = 4
    tar.addfile(info, io.BytesIO(b"evil"))


def add_symlink(tar):
    info = tarfile.TarInfo("cifar-10-batches-py/passwd")
    info.type = tarfile.SYMTYPE
    info.linkname = "/etc/passwd"
    tar.addfile(info)


@pytest.mark.parametrize("attack, message", [(add_traversal, "unexpected entry"), (add_symlink, "link or special file")])
def test_hostile_archive_is_refused_and_leaves_nothing(tmp_path, subset_dir, attack, message):
    archive = make_archive(subset_dir, tmp_path / "bad.tar.gz", extra=attack)
    dest = tmp_path / "install" / "cifar-10-batches-py"
    result = fetch("--from", archive, "--dest", dest)
    assert result.returncode == 1 and message in result.stderr
    assert not dest.exists() and leftovers(dest.parent) == []
    assert not (tmp_path / "evil.txt").exists()


def test_truncated_archive_keeps_the_existing_installation(tmp_path, subset_dir):
    dest = tmp_path / "cifar-10-batches-py"
    assert fetch("--from", subset_dir, "--dest", dest).returncode == 0
    archive = make_archive(subset_dir, tmp_path / "full.tar.gz")
    truncated = tmp_path / "truncated.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])
    result = fetch("--from", truncated, "--dest", dest, "--force")
    assert result.returncode == 1 and "not a readable" in result.stderr
    assert (dest / "data_batch_1").read_bytes() == (subset_dir / "data_batch_1").read_bytes()
    assert leftovers(tmp_path) == []


@pytest.fixture
def http_archive(tmp_path, subset_dir):
    """Serve a CIFAR-format archive over HTTP on loopback; yield (url, md5)."""
    served = tmp_path / "served"
    served.mkdir()
    archive = make_archive(subset_dir, served / "cifar-10-python.tar.gz")
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(served))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/cifar-10-python.tar.gz"
        yield url, hashlib.md5(archive.read_bytes()).hexdigest()
    finally:
        server.shutdown()


def test_download_is_checked_against_the_official_md5(tmp_path, http_archive):
    url, _ = http_archive
    dest = tmp_path / "dl" / "cifar-10-batches-py"
    result = fetch("--url", url, "--dest", dest)
    assert result.returncode == 1
    assert "c58f30108f718f92721af3b95e74349a" in result.stderr  # what was expected
    assert not dest.exists() and leftovers(dest.parent) == []


def test_download_from_a_mirror_with_its_md5(tmp_path, http_archive):
    url, md5 = http_archive
    dest = tmp_path / "dl" / "cifar-10-batches-py"
    result = fetch("--url", url, "--md5", md5, "--dest", dest)
    assert result.returncode == 0, result.stderr
    assert "Installed CIFAR-10" in result.stdout and (dest / "test_batch").is_file()


def test_unreachable_download_suggests_a_local_copy(tmp_path):
    result = fetch("--url", "http://127.0.0.1:9/cifar-10-python.tar.gz", "--dest", tmp_path / "x")
    assert result.returncode == 1 and "--from PATH" in result.stderr


def test_module_form_installs_into_the_assignment_folder(tmp_path, subset_dir):
    assignment = tmp_path / "fc_nets"
    shutil.copytree(RELEASE, assignment)
    result = subprocess.run([sys.executable, "-m", "deeplearning.datasets.get_datasets", "--from", str(subset_dir)],
                            cwd=assignment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert (assignment / "deeplearning" / "datasets" / "cifar-10-batches-py" / "data_batch_1").is_file()


def write_cifar_batches(folder, images_per_batch, test_images, seed=0):
    """Write random images in the official CIFAR-10 python format."""
    import pickle

    rng = np.random.default_rng(seed)
    folder.mkdir(parents=True)
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    for name in names:
        n = test_images if name == "test_batch" else images_per_batch
        batch = {"batch_label": name, "labels": rng.integers(0, 10, n).tolist(),
                 "data": rng.integers(0, 256, (n, 3072), dtype=np.uint8), "filenames": [f"{i}.png" for i in range(n)]}
        with open(folder / name, "wb") as f:
            pickle.dump(batch, f)
    with open(folder / "batches.meta", "wb") as f:
        pickle.dump({"label_names": [str(i) for i in range(10)], "num_cases_per_batch": images_per_batch}, f)
    return folder


def test_full_size_data_gives_the_standard_split_with_the_notebook_call(tmp_path, capsys):
    folder = write_cifar_batches(tmp_path / "cifar-10-batches-py", 10_000, 10_000)
    data = get_CIFAR10_data(shrink_to_fit=True, cifar10_dir=folder)  # the notebook's call
    assert {k: v.shape[0] for k, v in data.items()} == {
        "X_train": 49000, "y_train": 49000, "X_val": 1000, "y_val": 1000, "X_test": 1000, "y_test": 1000}
    assert "Note:" not in capsys.readouterr().out  # nothing shrinks on the full set
