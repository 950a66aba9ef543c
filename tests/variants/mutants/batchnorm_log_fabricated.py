"""The deep net's batchnorm log (batchnorm_deep_batchnorm.npz) was edited after the run: every validation accuracy
raised by 0.25 and every training accuracy by 0.05 (at most 1). Only the grader's replay of the run's start with
the student's code can tell."""
FILE = "submission_logs/batchnorm_deep_batchnorm.npz"
EXPECT = {"batchnorm_logs": "re-run the notebook with your final code"}
MISTAKE = "batchnorm_logs/log_not_replayed"
PUBLIC = False

from _logs import raised, rewrite_log


def edit(path):
    def change(arrays):
        arrays["val_acc_history"] = raised(arrays["val_acc_history"], 0.25)
        arrays["train_acc_history"] = raised(arrays["train_acc_history"], 0.05)
    rewrite_log(path, change)
