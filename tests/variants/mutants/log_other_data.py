"""The dropout run with keep ratio 0.25 was trained on other data than the notebook's CIFAR-10 subset: its log's
config records another data fingerprint."""
FILE = "submission_logs/dropout_regularization_keep0.25.npz"
EXPECT = {"regularization_logs": "trained on other data"}
MISTAKE = "regularization_logs/log_data"
PUBLIC = True

from _logs import set_config


def edit(path):
    set_config(path, "data_fingerprint", "0123456789abcdef")
