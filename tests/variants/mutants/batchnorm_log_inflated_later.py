"""The deep net's batchnorm log (batchnorm_deep_batchnorm.npz) claims validation accuracies raised by 0.25 (at
most 1) from index 2 of val_acc_history on, beyond the start of the run that the grader replays: the parameters
the log records give lower accuracies than it claims."""
FILE = "submission_logs/batchnorm_deep_batchnorm.npz"
EXPECT = {"batchnorm_logs": "but the parameters it records give"}
MISTAKE = "batchnorm_logs/log_claim_unproven"
PUBLIC = False

import numpy as np

from _logs import raised, rewrite_log


def edit(path):
    def change(arrays):
        later = np.arange(arrays["val_acc_history"].size) >= 2
        arrays["val_acc_history"] = np.where(later, raised(arrays["val_acc_history"], 0.25),
                                             arrays["val_acc_history"])
    rewrite_log(path, change)
