"""A full-size stand-in for CIFAR-10, made offline from the real images of the kit's subset.

The real archive cannot be downloaded on the kit's machines, but tests and benchmarks
want 50,000 + 10,000 images in the official format. Every stand-in image is a
transformation of a real image of datasets/ (a reflect-padded shift, perhaps a
horizontal flip, then contrast, per-channel gain and brightness), label kept:

- training images 0-48,999 come from the subset's first 4,170 training images (the
  subset's own training split), 11 or 12 distinct transformations of each;
- training images 49,000-49,999, the notebooks' validation split, come one each from
  the subset's last 1,000 training images (its own validation split), never used above;
- test images come from the subset's test images only.

Each image's filename names its source, e.g. "standin_val_00017_of_data_batch_5_00034.png"
is X_val[17] of get_CIFAR10_data(). The build uses integer arithmetic only and random
numbers from SHAKE-256, so every machine and numpy version writes the same bytes.

    python tests/full_size_cifar10.py DEST [--archive]

writes DEST/cifar-10-batches-py (and DEST/cifar-10-python.tar.gz); from Python,
cached() builds both once into $FC_NETS_CACHE or ~/.cache/fc_nets and returns the folder.
"""
import argparse
import gzip
import hashlib
import os
import pickle
import shutil
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np

from autograder.layout import CIFAR10_SUBSET

# Bump when the output changes: the cache is keyed by it (and by the subset's files).
VERSION = 1
FOLDER = "cifar-10-batches-py"
ARCHIVE = "cifar-10-python.tar.gz"
TRAIN_BATCHES = [f"data_batch_{i}" for i in range(1, 6)]
IMAGES_PER_BATCH = 10_000
NUM_TRAIN = 5 * IMAGES_PER_BATCH
NUM_VALIDATION = 1_000  # the notebooks' get_CIFAR10_data(49000, 1000, 1000)
PAD = 4  # shifts of up to 4 pixels, as in the usual "random crop with padding 4"
SHIFTS = 2 * PAD + 1
GEOMETRIES = 2 * SHIFTS * SHIFTS  # flipped or not, times the vertical and horizontal shifts
# Contrast and per-channel gains are fractions of 256; brightness is in grey levels.
CONTRAST = (205, 307)  # 0.8 to 1.2
GAIN = (230, 282)  # 0.9 to 1.1
BRIGHTNESS = (-20, 20)
CHUNK = 2_000  # images transformed at a time: keeps the int32 temporaries near 25 MB
# The archive's members carry this time (the official archive's year), uid 0 and no owner names.
MTIME = 1243987200


def _integers(label, n, low, high):
    """n integers in [low, high] (int64, shape (n,)), the same for a label on every machine.

    SHAKE-256 rather than numpy's generators: numpy may change how a Generator maps its
    bits to integers or permutations between versions.
    """
    raw = hashlib.shake_256(f"fc_nets standin v{VERSION}: {label}".encode()).digest(4 * n)
    return low + np.frombuffer(raw, dtype="<u4").astype(np.int64) % (high - low + 1)


def _permutation(label, n):
    return np.argsort(_integers(label, n, 0, 2**32 - 1), kind="stable")


def _read(path):
    with open(path, "rb") as f:
        return pickle.load(f, encoding="latin1")


def _read_subset(subset):
    """The subset's images: (train, test), each a dict of "data" (n, 3072) uint8, "labels" (n,) int64, "names"."""
    def split(names):
        batches = [_read(subset / name) for name in names]
        return {"data": np.concatenate([b["data"] for b in batches]),
                "labels": np.concatenate([np.asarray(b["labels"], dtype=np.int64) for b in batches]),
                "names": [Path(name).stem for b in batches for name in b["filenames"]]}
    return split(TRAIN_BATCHES), split(["test_batch"])


def _plan(split, sources, count):
    """Which source each of count stand-in images of a split comes from, and its transformation.

    sources: indices (into the pool of real images) the split may use. The sources come
    in rounds, each source once per round in a shuffled order, so that any prefix (the
    notebooks overfit X_train[:50]) spreads over sources and classes like the subset does;
    round r of a source uses its r-th geometry of a shuffled list, so a source never
    gets the same shift and flip twice.
    Returns a dict of arrays: source and geometry (count,) int64; contrast and brightness
    (count,) and gain (count, 3) int32.
    """
    rounds = -(-count // len(sources))
    assert rounds <= GEOMETRIES, "more images than distinct geometries"
    position = np.concatenate([_permutation(f"{split} round {r}", len(sources)) for r in range(rounds)])[:count]
    round_of = np.repeat(np.arange(rounds), len(sources))[:count]
    keys = _integers(f"{split} geometries", len(sources) * GEOMETRIES, 0, 2**32 - 1)
    geometries = np.argsort(keys.reshape(len(sources), GEOMETRIES), axis=1, kind="stable")
    # int32 colour factors keep the transformation's temporaries int32.
    return {"source": np.asarray(sources)[position], "geometry": geometries[position, round_of],
            "contrast": _integers(f"{split} contrast", count, *CONTRAST).astype(np.int32),
            "gain": _integers(f"{split} gain", 3 * count, *GAIN).astype(np.int32).reshape(count, 3),
            "brightness": _integers(f"{split} brightness", count, *BRIGHTNESS).astype(np.int32)}


def _transform(padded, plan):
    """The stand-in images of a plan: (n, 3072) uint8 rows in the official channel-major order.

    padded: (N, 32 + 2 PAD, 32 + 2 PAD, 3) uint8, the real images reflect-padded.
    """
    n = len(plan["source"])
    flip, shift = np.divmod(plan["geometry"], SHIFTS * SHIFTS)
    dy, dx = np.divmod(shift, SHIFTS)
    cols = np.where(flip[:, None] == 1, np.arange(31, -1, -1), np.arange(32)) + dx[:, None]
    rows = np.arange(32) + dy[:, None]
    x = padded[plan["source"][:, None, None], rows[:, :, None], cols[:, None, :]].astype(np.int32)  # (n, 32, 32, 3)
    # Integer arithmetic throughout (floor division by 256): no float rounding that could differ between CPUs.
    mean = (x.reshape(n, -1).sum(axis=1, dtype=np.int32) // 3072).reshape(n, 1, 1, 1)
    x = mean + (x - mean) * plan["contrast"].reshape(n, 1, 1, 1) // 256
    x = x * plan["gain"].reshape(n, 1, 1, 3) // 256 + plan["brightness"].reshape(n, 1, 1, 1)
    np.clip(x, 0, 255, out=x)
    return x.astype(np.uint8).transpose(0, 3, 1, 2).reshape(n, 3072)


# The official batches were written by Python 2's cPickle (protocol 2, as the subset's
# files still are): their keys and texts are Python 2 str, which load as str with
# encoding="latin1" and as bytes with encoding="bytes" (loaders in the wild use both),
# and arrays go through numpy.core.multiarray._reconstruct, which every numpy reads.
# Python 3's pickle cannot write a Python 2 str, so these few opcodes are written here.
def _py2_str(text):
    data = text.encode("latin1") if isinstance(text, str) else bytes(text)
    if len(data) < 256:
        return b"U" + bytes([len(data)]) + data  # SHORT_BINSTRING
    return b"T" + len(data).to_bytes(4, "little") + data  # BINSTRING


def _py2_list(items, item):
    out = [b"]"]  # EMPTY_LIST, then MARK ... APPENDS per 1000 items, as cPickle batches them
    for start in range(0, len(items), 1000):
        out += [b"("] + [item(v) for v in items[start:start + 1000]] + [b"e"]
    return b"".join(out)


def _py2_small_int(value):
    assert 0 <= value < 65536
    return b"K" + bytes([value]) if value < 256 else b"M" + value.to_bytes(2, "little")


def _py2_uint8_matrix(array):
    # numpy's pickle of a (rows, cols) uint8 array: _reconstruct(ndarray, (0,), "b"), then its state
    # (version 1, shape, dtype("u1") with its own state, not Fortran order, the bytes).
    rows, cols = array.shape
    return (b"cnumpy.core.multiarray\n_reconstruct\ncnumpy\nndarray\nK\x00\x85U\x01b\x87R("
            + b"K\x01" + _py2_small_int(rows) + _py2_small_int(cols) + b"\x86"
            + b"cnumpy\ndtype\nU\x02u1K\x00K\x01\x87R(K\x03U\x01|NNNJ\xff\xff\xff\xffJ\xff\xff\xff\xffK\x00tb"
            + b"\x89" + _py2_str(np.ascontiguousarray(array, dtype=np.uint8).tobytes()) + b"tb")


def _py2_batch(batch_label, labels, data, filenames):
    """The bytes of one official batch file."""
    return b"".join([
        b"\x80\x02}(",
        _py2_str("batch_label"), _py2_str(batch_label),
        _py2_str("labels"), _py2_list([int(v) for v in labels], _py2_small_int),
        _py2_str("data"), _py2_uint8_matrix(data),
        _py2_str("filenames"), _py2_list(filenames, _py2_str),
        b"u.",
    ])


def build(dest, subset=CIFAR10_SUBSET):
    """Write dest/cifar-10-batches-py, the stand-in in the official format; return its path."""
    train, test = _read_subset(Path(subset))
    num_train_sources = len(train["labels"]) - NUM_VALIDATION
    images = np.concatenate([train["data"], test["data"]]).reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    padded = np.pad(images, ((0, 0), (PAD, PAD), (PAD, PAD), (0, 0)), mode="reflect")
    labels = np.concatenate([train["labels"], test["labels"]])
    names = train["names"] + test["names"]
    train_ids, test_ids = np.arange(len(train["labels"])), len(train["labels"]) + np.arange(len(test["labels"]))

    plans = {"train": _plan("train", train_ids[:num_train_sources], NUM_TRAIN - NUM_VALIDATION),
             "val": _plan("val", train_ids[num_train_sources:], NUM_VALIDATION),
             "test": _plan("test", test_ids, IMAGES_PER_BATCH)}
    filenames = [f"standin_{split}_{i:05d}_of_{names[s]}.png"
                 for split, plan in plans.items() for i, s in enumerate(plan["source"])]
    plan = {key: np.concatenate([p[key] for p in plans.values()]) for key in plans["train"]}

    folder = Path(dest) / FOLDER
    folder.mkdir(parents=True)
    shutil.copyfile(Path(subset) / "batches.meta", folder / "batches.meta")  # label names, 10,000 per batch
    (folder / "readme.html").write_text("<p>A stand-in for CIFAR-10 made by the fc_nets kit's "
                                        "tests/full_size_cifar10.py from real CIFAR-10 images; not the official data.</p>\n")
    seen = set()
    batches = [(name, f"training batch {i + 1} of 5") for i, name in enumerate(TRAIN_BATCHES)]
    for b, (name, batch_label) in enumerate(batches + [("test_batch", "testing batch 1 of 1")]):
        part = range(b * IMAGES_PER_BATCH, (b + 1) * IMAGES_PER_BATCH)
        data = np.concatenate([_transform(padded, {k: v[start:start + CHUNK] for k, v in plan.items()})
                               for start in range(part.start, part.stop, CHUNK)])
        # Distinct by construction (another geometry per use of a source), checked here because a
        # clipped or nearly uniform image could still make two alike.
        for row in data:
            digest = hashlib.blake2b(row.tobytes(), digest_size=16).digest()
            if digest in seen:
                raise RuntimeError(f"two stand-in images are identical in {name}; change the transformations")
            seen.add(digest)
        (folder / name).write_bytes(_py2_batch(batch_label, labels[plan["source"][part]], data,
                                               [filenames[i] for i in part]))
    return folder


def archive(dest, subset=CIFAR10_SUBSET):
    """Write dest/cifar-10-python.tar.gz of dest/cifar-10-batches-py (built first if missing); return its path.

    The official archive's layout (one folder cifar-10-batches-py/); the tar's bytes are the
    same on every build (sorted members, fixed times and owner, gzip header time 0). The
    gzip stream is zlib's, the same wherever Python uses the usual zlib.
    """
    folder = Path(dest) / FOLDER
    if not folder.is_dir():
        build(dest, subset)
    path = Path(dest) / ARCHIVE
    tmp = path.with_name(path.name + ".part")
    with open(tmp, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, mtime=0, compresslevel=1) as gz, \
            tarfile.open(fileobj=gz, mode="w", format=tarfile.GNU_FORMAT) as tar:
        for member in [folder] + sorted(folder.iterdir()):
            info = tarfile.TarInfo(FOLDER if member == folder else f"{FOLDER}/{member.name}")
            info.mtime, info.uid, info.gid, info.uname, info.gname = MTIME, 0, 0, "", ""
            if member.is_dir():
                info.type, info.mode = tarfile.DIRTYPE, 0o755
                tar.addfile(info)
            else:
                info.size, info.mode = member.stat().st_size, 0o644
                with open(member, "rb") as f:
                    tar.addfile(info, f)
    os.replace(tmp, path)
    return path


def cache_key(subset=CIFAR10_SUBSET):
    """A hash of the builder's VERSION and the subset's files: a change to either means another cache entry."""
    h = hashlib.sha256(f"v{VERSION}".encode())
    for path in sorted(Path(subset).iterdir()):
        h.update(path.name.encode() + b"\0" + path.read_bytes())
    return h.hexdigest()[:16]


def cache_root():
    """$FC_NETS_CACHE or ~/.cache/fc_nets: outside the repository."""
    return Path(os.environ.get("FC_NETS_CACHE") or Path.home() / ".cache" / "fc_nets")


def cached_build(name, build_into):
    """cache_root()/name, made by build_into(folder) on first use.

    Processes that call this at once (pytest-xdist workers) each build into a temporary
    folder and rename it into place; the rename of a loser fails and it uses the winner's.
    """
    root = cache_root()
    entry = root / name
    if entry.is_dir():
        return entry
    root.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".building-", dir=root))
    try:
        build_into(tmp)
        try:
            os.rename(tmp, entry)
        except OSError:
            if not entry.is_dir():
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return entry


def cached(subset=CIFAR10_SUBSET):
    """The cache entry holding cifar-10-batches-py/ and cifar-10-python.tar.gz, built on first use."""
    return cached_build(f"cifar10-standin-{cache_key(subset)}", lambda folder: archive(folder, subset))


def main(argv=None):
    parser = argparse.ArgumentParser(description="Write the full-size CIFAR-10 stand-in into DEST/" + FOLDER)
    parser.add_argument("dest", type=Path)
    parser.add_argument("--archive", action="store_true", help="also write DEST/" + ARCHIVE)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    folder = build(args.dest)
    print(f"wrote {folder} in {time.perf_counter() - start:.1f} s")
    if args.archive:
        start = time.perf_counter()
        print(f"wrote {archive(args.dest)} in {time.perf_counter() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
