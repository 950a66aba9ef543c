"""Build autograder/references/: what the grader compares experiment logs with.

- the experiment logs of solutions/ (the answer key run on the grader's data),
  copied byte for byte;
- experiment_data.npz: the training and validation images and labels the
  experiments use (uint8), plus the mean training image, so the grader can replay
  the start of every logged run with the student's code without the data set (and
  on Gradescope).

Run it after `python -m autograder solutions`, on the same data. Same solutions
and data give byte-identical files.
"""
import importlib
import json
import sys
from pathlib import Path

import numpy as np

from .layout import CIFAR10_SUBSET, REFERENCES, SOLUTIONS, SOURCE
from .experiments import GRADED_LOGS

DATA_FILE = "experiment_data.npz"


def reference_module(name, assignment=SOURCE):
    """A module of the reference package (the solution), e.g. reference_module('data_utils')."""
    if str(assignment) not in sys.path:
        sys.path.insert(0, str(assignment))
    return importlib.import_module(f"deeplearning.{name}")


def load_experiment_data(references=REFERENCES):
    """The training and validation data of the experiments, exactly as the notebooks feed them to the Solver
    (the training set of an experiment is the first num_train images of X_train)."""
    with np.load(Path(references) / DATA_FILE, allow_pickle=False) as npz:
        mean = npz["mean_image"]
        return {
            "X_train": npz["images_train"].astype(np.float32) - mean,
            "y_train": npz["y_train"],
            "X_val": npz["images_val"].astype(np.float32) - mean,
            "y_val": npz["y_val"],
        }


def build_references(solutions=SOLUTIONS, data_dir=CIFAR10_SUBSET, out=REFERENCES, log=print):
    data_utils = reference_module("data_utils")
    save_npz = reference_module("solver").save_npz
    data = data_utils.get_CIFAR10_data(shrink_to_fit=True, cifar10_dir=str(data_dir))
    pixels = data_utils.get_CIFAR10_data(shrink_to_fit=True, cifar10_dir=str(data_dir), subtract_mean=False,
                                         dtype=np.uint8)
    arrays = {
        "images_train": pixels["X_train"], "y_train": pixels["y_train"],
        "images_val": pixels["X_val"], "y_val": pixels["y_val"],
        "mean_image": pixels["X_train"].mean(axis=0).astype(np.float32),
    }
    for name in GRADED_LOGS:
        with np.load(Path(solutions) / name, allow_pickle=False) as npz:
            config = json.loads(str(npz["config"]))
        n = config["num_train"]
        fingerprint = data_utils.data_fingerprint(data["X_train"][:n], data["y_train"][:n], data["X_val"], data["y_val"])
        if config["data_fingerprint"] != fingerprint:
            raise SystemExit(f"{Path(solutions) / name} was produced on other data than {data_dir} "
                             f"(fingerprint {config['data_fingerprint']} vs {fingerprint}): rebuild solutions/ with "
                             f"--data {data_dir}")

    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    save_npz(str(out / DATA_FILE), arrays)  # not compressed: every grading reads it, and images hardly compress
    rebuilt = load_experiment_data(out)
    if not (np.array_equal(rebuilt["X_train"], data["X_train"]) and np.array_equal(rebuilt["X_val"], data["X_val"])):
        raise SystemExit("internal error: the stored experiment data does not rebuild the notebook's arrays exactly")
    for name in GRADED_LOGS:  # the histories and settings: the recorded parameters are the student's business
        with np.load(Path(solutions) / name, allow_pickle=False) as npz:
            save_npz(str(out / Path(name).name), {key: npz[key] for key in npz.files if "/" not in key}, compress=True)
    log(f"[references] wrote {out} ({len(GRADED_LOGS)} logs, {len(data['X_train'])} training images)")
    return out
