"""Regularization experiment probe (run in the sandbox): the first epoch of each net, re-run with the student's code."""
import numpy as np


def replay_first_epoch(inputs):
    """Re-run the first epoch of both nets of the experiment, as the notebook does."""
    from deeplearning.classifiers.fc_net import FullyConnectedNet
    from deeplearning.solver import Solver

    data = {key: inputs[key] for key in ("X_train", "y_train", "X_val", "y_val")}
    seed = int(inputs["seed"])
    out = {}
    for keep in inputs["keep_ratios"]:
        np.random.seed(seed)
        model = FullyConnectedNet([int(h) for h in inputs["hidden_dims"]], dropout_keep_ratio=float(keep))
        solver = Solver(model, data, num_epochs=1, batch_size=int(inputs["batch_size"]), update_rule=str(inputs["update_rule"]),
                        optim_config={"learning_rate": float(inputs["learning_rate"])}, verbose=False, seed=seed)
        solver.train()
        tag = f"{float(keep):g}"
        out[f"loss_{tag}"] = np.asarray(solver.loss_history, dtype=np.float64)
        out[f"train_acc_{tag}"] = np.asarray(solver.train_acc_history, dtype=np.float64)
        out[f"val_acc_{tag}"] = np.asarray(solver.val_acc_history, dtype=np.float64)
    return out
