"""One log of the initialization sweep (weight_scale/scale3_batchnorm.npz: the batchnorm net at the fourth of the
ten weight scales, index 3) is not in submission_logs/: the sweep was stopped early or the file was not
submitted."""
FILE = "submission_logs/weight_scale/scale3_batchnorm.npz"
EXPECT = {"weight_scale_logs": "scale3_batchnorm.npz is missing"}
MISTAKE = "weight_scale_logs/log_missing"
PUBLIC = True


def edit(path):
    path.unlink()
