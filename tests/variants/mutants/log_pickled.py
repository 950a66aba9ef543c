"""The regularization log without dropout (dropout_regularization_keep1.npz) holds an array of Python objects
(e.g. a list of mixed values saved as-is), so it cannot be read with np.load(allow_pickle=False), as the grader
reads every log."""
FILE = "submission_logs/dropout_regularization_keep1.npz"
EXPECT = {"regularization_logs": "cannot be read with np.load(allow_pickle=False)"}
MISTAKE = "regularization_logs/log_unreadable"
PUBLIC = True

import numpy as np


def edit(path):
    np.savez(path, loss_history=np.array([object()], dtype=object))
