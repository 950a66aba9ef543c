"""The log of the TwoLayerNet's Solver (two_layer_net.npz) is not in submission_logs/: the student did not run the
cell that saves it, or did not submit it."""
FILE = "submission_logs/two_layer_net.npz"
EXPECT = {"two_layer_net_training": "two_layer_net.npz is missing"}
MISTAKE = "two_layer_net_training/log_missing"
PUBLIC = True


def edit(path):
    path.unlink()
