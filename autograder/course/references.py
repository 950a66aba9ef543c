"""Build autograder/references/: what the grader compares experiment logs with.

- the experiment logs of solutions/ (the answer key run on the grader's data): their
  histories and settings;
- the grader's copy of the data the experiments use, so that it can replay and audit
  every logged run with the student's code without the data set (and on Gradescope):
  IMAGES_FILE holds the training images (uint8, (N, 3, 32, 32); 150 MB at full scale,
  which the sandbox memory-maps and converts to float32 a minibatch at a time), and
  DATA_FILE the labels, the validation images, the mean training image and the
  SHA-256 of the training images.

Run it after `python -m autograder solutions`, on the same data. Same solutions and
data give byte-identical files. `--images-only` writes IMAGES_FILE alone, from a
CIFAR-10 folder, and refuses data whose digest differs from DATA_FILE's: that is how
a Gradescope image that downloads CIFAR-10 instead of shipping it builds its copy.
"""
import hashlib
import json
from pathlib import Path

import numpy as np

from ..layout import CIFAR10_SUBSET, DATA_FILE, IMAGES_FILE, REFERENCES, SOLUTIONS, reference_module
from ..parts.graded_experiments import GRADED_LOGS


def images_digest(images):
    """SHA-256 of an image array's shape, dtype and bytes (in chunks: no copy of a large set)."""
    digest = hashlib.sha256(repr((images.shape, images.dtype.str)).encode())
    for start in range(0, len(images), 4096):
        digest.update(np.ascontiguousarray(images[start:start + 4096]).tobytes())
    return digest.hexdigest()


def load_experiment_data(references=REFERENCES):
    """The training and validation data of the experiments, exactly as the notebooks feed them to the Solver
    (the training set of an experiment is the first num_train images of X_train). Holds the whole training set as
    float32: for benchmarks and tests, never for grading."""
    with np.load(Path(references) / DATA_FILE, allow_pickle=False) as npz:
        mean = npz["mean_image"]
        return {
            "X_train": np.load(Path(references) / IMAGES_FILE).astype(np.float32) - mean,
            "y_train": npz["y_train"],
            "X_val": npz["images_val"].astype(np.float32) - mean,
            "y_val": npz["y_val"],
        }


def experiment_pixels(data_dir):
    """The notebooks' training and validation split of a CIFAR-10 folder, as uint8 (N, 3, 32, 32) images."""
    return reference_module("data_utils").get_CIFAR10_data(shrink_to_fit=True, cifar10_dir=str(data_dir),
                                                           subtract_mean=False, dtype=np.uint8)


def write_images(data_dir, out=REFERENCES, log=print):
    """Write IMAGES_FILE from a CIFAR-10 folder, after checking that it holds the images DATA_FILE was built from."""
    out = Path(out)
    with np.load(out / DATA_FILE, allow_pickle=False) as npz:
        expected = str(npz["images_train_sha256"])
    images = experiment_pixels(data_dir)["X_train"]
    if images_digest(images) != expected:
        raise SystemExit(f"{data_dir} is not the CIFAR-10 copy the references in {out} were built on (the training "
                         f"images' SHA-256 differs): install the course's copy, or rebuild the references on this one")
    np.save(out / IMAGES_FILE, images)
    log(f"[references] wrote {out / IMAGES_FILE} ({len(images)} training images)")
    return out / IMAGES_FILE


def build_references(solutions=SOLUTIONS, data_dir=CIFAR10_SUBSET, out=REFERENCES, log=print):
    data_utils = reference_module("data_utils")
    save_npz = reference_module("solver").save_npz
    data = data_utils.get_CIFAR10_data(shrink_to_fit=True, cifar10_dir=str(data_dir))
    pixels = experiment_pixels(data_dir)
    # The data fingerprints are computed here, once: the grader compares the logs' with the reference logs'.
    for name in GRADED_LOGS:
        with np.load(Path(solutions) / name, allow_pickle=False) as npz:
            config = json.loads(str(npz["config"]))
        n = config["num_train"]
        fingerprint = data_utils.data_fingerprint(data["X_train"][:n], data["y_train"][:n], data["X_val"], data["y_val"])
        if config["data_fingerprint"] != fingerprint:
            raise SystemExit(f"{Path(solutions) / name} was produced on other data than {data_dir} "
                             f"(fingerprint {config['data_fingerprint']} vs {fingerprint}): rebuild solutions/ with "
                             f"--data {data_dir}")
    mean = pixels["X_train"].mean(axis=0).astype(np.float32)
    # Exactly what the notebooks compute (the grader converts a minibatch at a time the same way).
    if not (np.array_equal(pixels["X_train"][:1000].astype(np.float32) - mean, data["X_train"][:1000])
            and np.array_equal(pixels["X_val"].astype(np.float32) - mean, data["X_val"])):
        raise SystemExit("internal error: the stored experiment data does not rebuild the notebook's arrays exactly")
    del data

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    save_npz(str(out / DATA_FILE), {
        "y_train": pixels["y_train"], "images_val": pixels["X_val"], "y_val": pixels["y_val"], "mean_image": mean,
        "images_train_sha256": np.array(images_digest(pixels["X_train"])),
    }, compress=True)
    np.save(out / IMAGES_FILE, pixels["X_train"])  # a plain .npy: the sandbox memory-maps it
    for name in GRADED_LOGS:  # the histories and settings: the recorded parameters are the student's business
        with np.load(Path(solutions) / name, allow_pickle=False) as npz:
            save_npz(str(out / Path(name).name), {key: npz[key] for key in npz.files if "/" not in key}, compress=True)
    log(f"[references] wrote {out} ({len(GRADED_LOGS)} logs, {len(pixels['X_train'])} training images)")
    return out
