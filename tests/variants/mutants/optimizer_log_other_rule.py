"""The log meant for Adam (optimizer_adam.npz) records another update rule ('sgd'): the student trained the net for
this log with the wrong rule (e.g. a copied cell whose update_rule was not changed)."""
FILE = "submission_logs/optimizer_adam.npz"
EXPECT = {"optimizer_logs": "the notebook prescribes 'adam'"}
MISTAKE = "optimizer_logs/log_settings"
PUBLIC = True

from _logs import set_config


def edit(path):
    set_config(path, "update_rule", "sgd")
