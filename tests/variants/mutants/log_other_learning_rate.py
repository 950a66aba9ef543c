"""The regularization run without dropout was trained with another learning rate (1e-3) than the one the notebook
prescribes (5e-4): its log's config records optim_config.learning_rate = 0.001."""
FILE = "submission_logs/dropout_regularization_keep1.npz"
EXPECT = {"regularization_logs": "the notebook prescribes 0.0005"}
MISTAKE = "regularization_logs/log_settings"
PUBLIC = True

from _logs import set_config


def edit(path):
    set_config(path, "optim_config.learning_rate", 1e-3)
