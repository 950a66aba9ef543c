"""The log of the dropout run with keep ratio 0.25 (dropout_regularization_keep0.25.npz) is not in
submission_logs/: the regularization experiment was run without dropout only, or the file was not submitted."""
FILE = "submission_logs/dropout_regularization_keep0.25.npz"
EXPECT = {"regularization_logs": "dropout_regularization_keep0.25.npz is missing"}
MISTAKE = "regularization_logs/log_missing"
PUBLIC = True


def edit(path):
    path.unlink()
