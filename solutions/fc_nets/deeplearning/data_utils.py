"""Loading CIFAR-10 from the official python-format batches."""
import hashlib
import os
import pickle

import numpy as np

CIFAR10_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "datasets", "cifar-10-batches-py")
TRAIN_BATCHES = [f"data_batch_{i}" for i in range(1, 6)]
TEST_BATCH = "test_batch"
FETCH_COMMAND = "python deeplearning/datasets/get_datasets.py"


class DatasetError(RuntimeError):
    """The data set is missing, incomplete or too small for what was asked."""


def _missing_data_message(root, detail):
    return (
        f"CIFAR-10 is not usable at {root}: {detail}\n"
        f"Fetch it by running, from the assignment folder:\n"
        f"    {FETCH_COMMAND}\n"
        f"or install a copy you already have (a cifar-10-python.tar.gz archive or an\n"
        f"extracted cifar-10-batches-py folder) with:\n"
        f"    {FETCH_COMMAND} --from PATH\n"
        f"On Colab, the setup cell at the top of the notebook does this for you."
    )


def load_CIFAR_batch(filename):
    """Load one CIFAR-10 batch file.

    Returns a tuple of:
    - X: uint8 array of shape (n, 32, 32, 3), images in height-width-channel order
    - y: int64 array of shape (n,), labels in 0..9
    """
    with open(filename, "rb") as f:
        batch = pickle.load(f, encoding="latin1")
    X = batch["data"].reshape(-1, 3, 32, 32).transpose(0, 2, 3, 1)
    y = np.asarray(batch["labels"], dtype=np.int64)
    return X, y


def load_CIFAR10(root=CIFAR10_DIR):
    """Load all of CIFAR-10 from the folder of official batches.

    Returns a tuple (X_train, y_train, X_test, y_test) of uint8 images of shape
    (n, 32, 32, 3) and int64 labels of shape (n,). The training set is the five
    data batches in order, the test set is test_batch.
    """
    missing = [name for name in TRAIN_BATCHES + [TEST_BATCH] if not os.path.isfile(os.path.join(root, name))]
    if missing:
        raise DatasetError(_missing_data_message(root, "missing " + ", ".join(missing)))
    train = [load_CIFAR_batch(os.path.join(root, name)) for name in TRAIN_BATCHES]
    X_train = np.concatenate([X for X, _ in train])
    y_train = np.concatenate([y for _, y in train])
    X_test, y_test = load_CIFAR_batch(os.path.join(root, TEST_BATCH))
    return X_train, y_train, X_test, y_test


def get_CIFAR10_data(
    num_training=49000,
    num_validation=1000,
    num_test=1000,
    subtract_mean=True,
    shrink_to_fit=False,
    cifar10_dir=None,
    dtype=np.float32,
):
    """Load CIFAR-10 and split it into training, validation and test sets.

    The validation set is the num_validation training images that follow the
    first num_training; the test set is the first num_test test images.
    Images are returned as float arrays of shape (n, 3, 32, 32), with the mean
    training image subtracted when subtract_mean is True.

    Inputs:
    - num_training, num_validation, num_test: sizes of the three sets
    - subtract_mean: subtract the mean image of the training set from all sets
    - shrink_to_fit: if the data on disk holds fewer training images than
      num_training + num_validation, use all of them: the validation set keeps
      its size and the training set gets the rest. With the full CIFAR-10 this
      changes nothing (49,000 / 1,000 / 1,000). If False, too little data is an error.
    - cifar10_dir: folder of the official batches; default: the datasets folder
      inside this package
    - dtype: float dtype of the images

    Returns a dict with the keys X_train, y_train, X_val, y_val, X_test, y_test.
    """
    root = CIFAR10_DIR if cifar10_dir is None else cifar10_dir
    X_all, y_all, X_test_all, y_test_all = load_CIFAR10(root)

    if shrink_to_fit and num_training + num_validation > len(X_all):
        num_training = len(X_all) - num_validation
        print(
            f"Note: this copy of CIFAR-10 holds {len(X_all)} training images (the full set has 50000): "
            f"using {num_training} for training and {num_validation} for validation."
        )
    wanted = {"training": num_training, "validation": num_validation, "test": num_test}
    if min(wanted.values()) <= 0:
        raise ValueError(f"set sizes must be positive, got {wanted}")
    if num_training + num_validation > len(X_all) or num_test > len(X_test_all):
        raise DatasetError(
            _missing_data_message(
                root,
                f"asked for {num_training} training + {num_validation} validation and "
                f"{num_test} test images, but it holds {len(X_all)} training and "
                f"{len(X_test_all)} test images. Use the full CIFAR-10 or pass shrink_to_fit=True.",
            )
        )

    splits = {
        "train": (X_all[:num_training], y_all[:num_training]),
        "val": (X_all[num_training : num_training + num_validation], y_all[num_training : num_training + num_validation]),
        "test": (X_test_all[:num_test], y_test_all[:num_test]),
    }
    mean_image = splits["train"][0].mean(axis=0).transpose(2, 0, 1).astype(dtype) if subtract_mean else None
    data = {}
    for name, (X, y) in splits.items():
        # (n, 32, 32, 3) uint8 -> (n, 3, 32, 32) float, converted once and centred in
        # place, so no float64 copy of the whole set is ever made.
        X = np.ascontiguousarray(X.transpose(0, 3, 1, 2), dtype=dtype)
        if mean_image is not None:
            X -= mean_image
        data[f"X_{name}"] = X
        data[f"y_{name}"] = y
    return data


def data_fingerprint(X_train, y_train, X_val, y_val):
    """A short hash that tells which images and labels a run was trained and validated on.

    It depends on the shapes, the labels and the pixel differences between images
    (which the mean subtraction and float rounding do not change), so the same
    split gives the same fingerprint on any machine and with any float dtype.
    """
    h = hashlib.sha256()
    for X, y in ((X_train, y_train), (X_val, y_val)):
        h.update(repr((np.shape(X), np.shape(y))).encode())
        h.update(np.asarray(y, dtype=np.int64).tobytes())
        if len(X) == 0:
            continue
        first = np.asarray(X[0], dtype=np.float64)
        for start in range(0, len(X), 1024):  # in chunks: no float64 copy of a large set
            chunk = np.asarray(X[start : start + 1024], dtype=np.float64)
            h.update(np.rint(chunk - first).astype(np.int16).tobytes())
    return h.hexdigest()[:16]
