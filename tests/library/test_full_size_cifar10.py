"""The full-size CIFAR-10 stand-in (tests/full_size_cifar10.py): format, loaders, provenance, determinism."""
import hashlib
import os
import pickle
import re
import subprocess
import sys
import tarfile
from pathlib import Path

import numpy as np
from numpy.lib.stride_tricks import sliding_window_view
import pytest

import full_size_cifar10
from autograder.layout import SOURCE
from deeplearning.data_utils import get_CIFAR10_data, load_CIFAR10

# The tests share the stand-in of the cache; in one worker it is built at most once.
pytestmark = pytest.mark.xdist_group("full_size_cifar10")

FETCH = SOURCE / "deeplearning" / "datasets" / "get_datasets.py"
FILES = full_size_cifar10.TRAIN_BATCHES + ["test_batch", "batches.meta"]
NAME = re.compile(r"standin_(train|val|test)_(\d{5})_of_(.+)\.png")
# The SHA-256 of the seven files of FILES, in that order, as the development machine built them
# (VERSION 1). Another digest elsewhere means the build depends on the CPU or the numpy version;
# after an intended change to the builder, bump its VERSION and record the new digest here.
DIGEST = "c451984848592a7ac9a1b02401c7f46430243c3c6d695c9a4dbba67a32afba35"


def load(path, encoding="latin1"):
    with open(path, "rb") as f:
        return pickle.load(f, encoding=encoding)


def digest(folder):
    h = hashlib.sha256()
    for name in FILES:
        h.update((Path(folder) / name).read_bytes())
    return h.hexdigest()


@pytest.fixture(scope="module")
def standin():
    return full_size_cifar10.cached() / full_size_cifar10.FOLDER


@pytest.fixture(scope="module")
def images(standin, subset_dir):
    """The stand-in's and the subset's images: {"standin"|"real": {"train"|"test": (data, labels, filenames)}}."""
    def read(folder):
        splits = {"train": full_size_cifar10.TRAIN_BATCHES, "test": ["test_batch"]}
        batches = {split: [load(folder / name) for name in names] for split, names in splits.items()}
        return {split: (np.concatenate([b["data"] for b in bs]), np.concatenate([b["labels"] for b in bs]),
                        [f for b in bs for f in b["filenames"]]) for split, bs in batches.items()}
    return {"standin": read(standin), "real": read(subset_dir)}


def test_the_batch_writer_gives_the_real_files_back(subset_dir):
    """Written from their own contents, the subset's real files come out byte for byte."""
    for name in FILES[:-1]:
        batch = load(subset_dir / name)
        written = full_size_cifar10._py2_batch(batch["batch_label"], batch["labels"], batch["data"], batch["filenames"])
        assert written == (subset_dir / name).read_bytes(), name


def test_official_format_and_counts(standin, subset_dir):
    """Every file holds what the subset's real file of the same name holds, with the official counts."""
    assert (standin / "batches.meta").read_bytes() == (subset_dir / "batches.meta").read_bytes()
    for name in FILES[:-1]:
        fake, real = load(standin / name), load(subset_dir / name)
        assert list(fake) == list(real) == ["batch_label", "labels", "data", "filenames"]
        assert fake["batch_label"] == real["batch_label"]
        assert fake["data"].dtype == real["data"].dtype == np.uint8 and fake["data"].shape == (10_000, 3072)
        assert type(fake["labels"]) is list and {type(v) for v in fake["labels"]} == {int}
        assert len(fake["labels"]) == len(fake["filenames"]) == 10_000
        assert {type(v) for v in fake["filenames"]} == {type(v) for v in real["filenames"]} == {str}
        # Loaders that read the official files as bytes (pickle's encoding="bytes") get bytes keys here too.
        assert list(load(standin / name, "bytes")) == list(load(subset_dir / name, "bytes"))
    X_train, y_train, X_test, y_test = load_CIFAR10(standin)
    assert X_train.shape == (50_000, 32, 32, 3) and X_test.shape == (10_000, 32, 32, 3)
    assert y_train.shape == (50_000,) and set(np.unique(y_train)) == set(range(10))


def test_the_notebooks_split(standin, capsys):
    data = get_CIFAR10_data(shrink_to_fit=True, cifar10_dir=standin)  # the notebooks' call
    assert {k: v.shape for k, v in data.items()} == {
        "X_train": (49_000, 3, 32, 32), "y_train": (49_000,), "X_val": (1000, 3, 32, 32), "y_val": (1000,),
        "X_test": (1000, 3, 32, 32), "y_test": (1000,)}
    assert "Note:" not in capsys.readouterr().out  # nothing shrinks: it is full size


@pytest.mark.parametrize("source", ["folder", "archive"])
def test_get_datasets_installs_it(standin, tmp_path, source):
    path = standin if source == "folder" else standin.parent / full_size_cifar10.ARCHIVE
    dest = tmp_path / "cifar-10-batches-py"
    result = subprocess.run([sys.executable, str(FETCH), "--from", str(path), "--dest", str(dest)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "(50000 training, 10000 test images)" in result.stdout
    assert digest(dest) == digest(standin)


def test_archive_has_the_official_layout(standin):
    with tarfile.open(standin.parent / full_size_cifar10.ARCHIVE) as tar:
        members = tar.getmembers()
    assert members[0].name == "cifar-10-batches-py" and members[0].isdir()
    assert {m.name for m in members[1:]} >= {f"cifar-10-batches-py/{name}" for name in FILES}
    assert all(m.isfile() and m.uid == 0 and m.uname == "" for m in members[1:])


def test_a_fresh_build_gives_the_same_bytes(standin, tmp_path):
    """Deterministic, and the cache is not stale (a changed builder needs another VERSION)."""
    fresh = full_size_cifar10.archive(tmp_path)
    assert digest(tmp_path / full_size_cifar10.FOLDER) == digest(standin), \
        "the build changed: bump VERSION in tests/full_size_cifar10.py if that was meant"
    assert fresh.read_bytes() == (standin.parent / full_size_cifar10.ARCHIVE).read_bytes()


def test_the_same_bytes_as_on_the_development_machine(standin):
    assert digest(standin) == DIGEST


def test_images_are_distinct_and_none_is_a_real_one(images):
    def hashes(data):
        return [hashlib.blake2b(row.tobytes(), digest_size=16).digest() for row in data]

    fake = hashes(np.concatenate([images["standin"][s][0] for s in ("train", "test")]))
    real = hashes(np.concatenate([images["real"][s][0] for s in ("train", "test")]))
    assert len(set(fake)) == len(fake) == 60_000
    assert not set(fake) & set(real)


@pytest.fixture(scope="module")
def provenance(images):
    """From the filenames, per stand-in file set ("train", "test"), a list of tuples
    (split as named, index as named, the source's split in the subset, the source's index there)."""
    where = {name: ("train", i) for i, name in enumerate(images["real"]["train"][2])}
    where.update({name: ("test", i) for i, name in enumerate(images["real"]["test"][2])})
    out = {}
    for split, (_, _, filenames) in images["standin"].items():
        parsed = [NAME.fullmatch(name).groups() for name in filenames]
        out[split] = [(named, int(index), *where[source + ".png"]) for named, index, source in parsed]
    return out


def test_filenames_name_the_split_and_the_source_whose_label_it_keeps(images, provenance):
    expected = [("train", i) for i in range(49_000)] + [("val", i) for i in range(1000)]
    assert [(named, index) for named, index, _, _ in provenance["train"]] == expected
    assert [(named, index) for named, index, _, _ in provenance["test"]] == [("test", i) for i in range(10_000)]
    for split in ("train", "test"):
        source_split = {s for _, _, s, _ in provenance[split]}
        assert source_split == {split}, "test images come from real test images only, training ones from training"
        source_labels = images["real"][split][1][[i for _, _, _, i in provenance[split]]]
        np.testing.assert_array_equal(images["standin"][split][1], source_labels)


def test_validation_images_share_no_source_with_training(images, provenance):
    train_sources = {i for named, _, _, i in provenance["train"] if named == "train"}
    val_sources = [i for named, _, _, i in provenance["train"] if named == "val"]
    assert not train_sources & set(val_sources)
    assert len(set(val_sources)) == 1000  # a distinct real image behind each validation image
    assert len(train_sources) + len(val_sources) == len(images["real"]["train"][1])  # every real image used


def test_class_balance_follows_the_subset(images):
    for split in ("train", "test"):
        fake, real = (np.bincount(images[kind][split][1], minlength=10) for kind in ("standin", "real"))
        np.testing.assert_allclose(fake / fake.sum(), real / real.sum(), atol=0.01)


def as_image(row):
    return row.reshape(3, 32, 32).transpose(1, 2, 0)


def best_correlation(image, source, pad):
    """The largest correlation of image (32, 32, 3) with a shift by up to pad pixels (edges mirrored) of
    source (32, 32, 3) or of its mirror image."""
    padded = np.pad(source, ((pad, pad), (pad, pad), (0, 0)), mode="reflect").astype(np.float64)
    views = np.concatenate([sliding_window_view(view, (32, 32), axis=(0, 1)).transpose(0, 1, 3, 4, 2).reshape(-1, 3072)
                            for view in (padded, padded[:, ::-1])])
    views -= views.mean(axis=1, keepdims=True)
    x = image.ravel() - image.mean()
    return np.max(views @ x / (np.linalg.norm(views, axis=1) * np.linalg.norm(x)))


def test_each_image_is_a_transformation_of_its_named_source(images, provenance):
    """The pixels agree with the filename: a shift and flip of the named source correlates closely with them.

    Contrast and brightness leave a correlation unchanged; gains per channel and clipping lower it
    (to 0.80 at the least, 0.99 typically, on 3,000 images checked once); three other real images of
    the same class correlate less (0.85 at the most, 0.28 typically).
    """
    rng = np.random.default_rng(0)
    for split in ("train", "test"):
        fake = images["standin"][split][0]
        real, real_labels, _ = images["real"][split]
        for k in rng.choice(len(fake), 100, replace=False):
            source = provenance[split][k][3]
            alike = np.flatnonzero((real_labels == real_labels[source]) & (np.arange(len(real)) != source))
            x = as_image(fake[k]).astype(np.float64)
            own = best_correlation(x, as_image(real[source]), full_size_cifar10.PAD)
            others = [best_correlation(x, as_image(real[s]), full_size_cifar10.PAD)
                      for s in rng.choice(alike, 3, replace=False)]
            assert own > 0.75 and own > max(others), (split, k, own, others)


# Two processes run cached() at once with a builder that takes 2 s, so that their builds overlap.
RACE = """
import sys, time
import full_size_cifar10

def slow_archive(dest, subset):
    time.sleep(2)
    (dest / "built-by").write_text(sys.argv[1])

full_size_cifar10.archive = slow_archive
print(full_size_cifar10.cached())
"""


def test_two_processes_building_the_cache_at_once_share_one_entry(tmp_path):
    env = {**os.environ, "FC_NETS_CACHE": str(tmp_path), "PYTHONPATH": str(Path(full_size_cifar10.__file__).parent)}
    runs = [subprocess.Popen([sys.executable, "-c", RACE, str(i)], env=env, stdout=subprocess.PIPE, text=True)
            for i in range(2)]
    paths = {run.communicate()[0].strip() for run in runs}
    assert [run.returncode for run in runs] == [0, 0]
    assert len(paths) == 1, paths  # both use the winner's entry
    entry = Path(paths.pop())
    assert list(tmp_path.iterdir()) == [entry]  # the loser's build is gone
    assert (entry / "built-by").read_text() in {"0", "1"}
