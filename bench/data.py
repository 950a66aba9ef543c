"""get_CIFAR10_data on a full-size CIFAR-format archive (50,000 + 10,000 synthetic images)."""
import json
import pickle
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import numpy as np

from autograder.layout import SOURCE

# tracemalloc sees every numpy allocation, so its peak is exact (RSS is not: the kernel
# may reclaim pages behind a process's back).
MEASURE = """
import json, sys, time, tracemalloc
sys.path.insert(0, sys.argv[1])
from deeplearning.data_utils import get_CIFAR10_data
tracemalloc.start()
start = time.perf_counter()
data = get_CIFAR10_data(shrink_to_fit=True, cifar10_dir=sys.argv[2])
seconds = time.perf_counter() - start
_, peak = tracemalloc.get_traced_memory()
print(json.dumps({"seconds": seconds, "peak_mb": peak / 2**20,
                  "returned_mb": sum(v.nbytes for v in data.values()) / 2**20,
                  "shapes": {k: v.shape for k, v in data.items()}}))
"""


def write_synthetic_archive(path, images_per_batch=10_000, test_images=10_000):
    """A cifar-10-python.tar.gz of random images in the official format."""
    rng = np.random.default_rng(0)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "cifar-10-batches-py"
        folder.mkdir()
        for name in [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]:
            n = test_images if name == "test_batch" else images_per_batch
            batch = {"batch_label": name, "labels": rng.integers(0, 10, n).tolist(),
                     "data": rng.integers(0, 256, (n, 3072), dtype=np.uint8), "filenames": [f"{i}.png" for i in range(n)]}
            (folder / name).write_bytes(pickle.dumps(batch))
        (folder / "batches.meta").write_bytes(pickle.dumps({"label_names": [str(i) for i in range(10)]}))
        with tarfile.open(path, "w:gz", compresslevel=1) as tar:
            tar.add(folder, arcname="cifar-10-batches-py")
    return path


def main():
    with tempfile.TemporaryDirectory() as tmp:
        archive = write_synthetic_archive(Path(tmp) / "cifar-10-python.tar.gz")
        dest = Path(tmp) / "installed" / "cifar-10-batches-py"
        start = time.perf_counter()
        subprocess.run([sys.executable, str(SOURCE / "deeplearning" / "datasets" / "get_datasets.py"),
                        "--from", str(archive), "--dest", str(dest)], check=True, capture_output=True)
        install = time.perf_counter() - start
        result = json.loads(subprocess.run([sys.executable, "-c", MEASURE, str(SOURCE), str(dest)], check=True,
                                           capture_output=True, text=True).stdout)
    print(f"Full-size CIFAR-10 format (50,000 + 10,000 synthetic images): installing from the archive "
          f"{install:.1f} s; get_CIFAR10_data {result['seconds']:.1f} s")
    print(f"  returned arrays {result['returned_mb']:.0f} MB (train {result['shapes']['X_train']}), peak memory "
          f"allocated while loading {result['peak_mb']:.0f} MB: {result['peak_mb'] / result['returned_mb']:.2f}x "
          f"(target: at most 2x)")
    return result
