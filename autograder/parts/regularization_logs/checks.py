"""The regularization experiment's logs: well-formed, as prescribed, close to the reference, genuine."""
import numpy as np
import pytest

from autograder.experiments import REGULARIZATION as EXPERIMENT, REPLAY_ITERATIONS
from autograder.parts.checking import fail
from autograder.parts.logs import prescribed_log_checks, student_log

PART = "regularization_logs"


@pytest.mark.points(1)
def test_dropout_regularizes(grading):
    """Without dropout the net fits its 500 training images better than with keep ratio 0.25"""
    plain, dropped = (student_log(grading, name)[0]["train_acc_history"][-1] for name, _ in EXPERIMENT.logs.values())
    if not plain > dropped:
        fail(f"the final training accuracy without dropout ({plain:.3f}) should be above the one with keep ratio "
             f"0.25 ({dropped:.3f}): dropout makes fitting the training set harder")


@pytest.mark.points(3)
def test_logs_come_from_the_submitted_code(grading):
    """Re-running the first epoch with your code and the recorded seed reproduces the logs"""
    replay = grading.outputs(PART, "replay_first_epoch")
    for keep, (name, _) in EXPERIMENT.logs.items():
        arrays, _ = student_log(grading, name)
        losses = grading.array(replay, f"loss_{keep:g}", shape=(REPLAY_ITERATIONS,), what="the replayed losses")
        if not np.allclose(arrays["loss_history"][:REPLAY_ITERATIONS], losses, rtol=1e-3, atol=0):
            fail(f"{name}: re-running the first epoch with your code gives the losses "
                 f"{np.round(losses, 4).tolist()}, but the log starts with "
                 f"{np.round(arrays['loss_history'][:REPLAY_ITERATIONS], 4).tolist()}: the log was not produced "
                 f"by the code you submitted (or the notebook's experiment cell was changed)")
        for key in ("train_acc", "val_acc"):
            replayed = grading.array(replay, f"{key}_{keep:g}", shape=(2,), what="the replayed accuracies")
            if not np.allclose(arrays[f"{key}_history"][:2], replayed, atol=0.011, rtol=0):
                fail(f"{name}: re-running the first epoch with your code gives {key.replace('_', ' ')} "
                     f"{replayed.tolist()}, but the log has {arrays[f'{key}_history'][:2].tolist()}: the log was not "
                     f"produced by the code you submitted (or the notebook's experiment cell was changed)")


# The checks every prescribed experiment's logs get.
(test_logs_are_present_and_well_formed, test_runs_are_configured_as_the_notebook_prescribes,
 test_histories_are_close_to_the_reference) = prescribed_log_checks(
    EXPERIMENT, complete=(2, "Both logs load without pickle and hold complete, finite histories"),
    settings=(2, "Each log comes from the prescribed net, optimizer, seed and data"),
    band=(2, "Accuracies per epoch stay within a band around the reference run"), positive_loss=True)
