"""The five-layer net's overfitting log (overfit_five_layer.npz) claims 100% training accuracy from index 5 of
train_acc_history on: what a student whose net does not fit the small training set might write in. Replaying the
log's settings with the student's code gives other accuracies."""
FILE = "submission_logs/overfit_five_layer.npz"
EXPECT = {"overfit_logs": "your code from the log's settings gives"}
MISTAKE = "overfit_logs/log_not_replayed"
PUBLIC = False

import numpy as np

from _logs import rewrite_log


def edit(path):
    def change(arrays):
        later = np.arange(arrays["train_acc_history"].size) >= 5
        arrays["train_acc_history"] = np.where(later, 1.0, arrays["train_acc_history"])
    rewrite_log(path, change)
