"""Helpers of the log mutants' edit(path): an experiment log (an .npz file) rewritten with some arrays changed."""
import json

import numpy as np


def rewrite_log(path, change):
    """Rewrite the log at path after change({name: array}) has changed its arrays (in place)."""
    with np.load(path, allow_pickle=False) as npz:
        arrays = {key: npz[key] for key in npz.files}
    change(arrays)
    np.savez(path, **arrays)


def set_config(path, key, value):
    """Rewrite the log at path so that its config records another value of a (dotted) key, e.g.
    'optim_config.learning_rate'."""
    def change(arrays):
        config = json.loads(str(arrays["config"]))
        target = config
        *parents, last = key.split(".")
        for parent in parents:
            target = target[parent]
        target[last] = value
        arrays["config"] = np.array(json.dumps(config))
    rewrite_log(path, change)


def raised(accuracies, by):
    """The accuracies raised by `by`, at most 1."""
    return np.minimum(accuracies + by, 1.0)
