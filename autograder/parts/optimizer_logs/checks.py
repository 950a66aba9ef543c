"""The update-rule comparison's logs: well-formed, as prescribed, close to the reference, plausible."""
import numpy as np
import pytest

from autograder.experiments import OPTIMIZERS as EXPERIMENT
from autograder.parts.checking import fail
from autograder.parts.logs import prescribed_log_checks, student_log

PART = "optimizer_logs"


@pytest.mark.points(1)
def test_adaptive_rules_train_faster(grading):
    """SGD+momentum, RMSProp and Adam end with a lower training loss than plain SGD"""
    final = {rule: float(np.mean(student_log(grading, name)[0]["loss_history"][-20:]))
             for rule, (name, _) in EXPERIMENT.logs.items()}
    slower = [rule for rule in ("sgd_momentum", "rmsprop", "adam") if not final[rule] < final["sgd"]]
    if slower:
        fail(f"{', '.join(slower)} did not reach a lower training loss than sgd (mean of the last 20 losses: "
             + ", ".join(f"{rule} {loss:.3f}" for rule, loss in final.items()) + ")", "adaptive_not_better")


# The checks every prescribed experiment's logs get.
(test_logs_are_present_and_well_formed, test_runs_are_configured_as_the_notebook_prescribes,
 test_histories_are_close_to_the_reference) = prescribed_log_checks(
    EXPERIMENT, complete=(1, "One log per update rule, loadable without pickle, with complete finite histories"),
    settings=(2, "Each log comes from the prescribed net, update rule, learning rate, seed and data"),
    band=(2, "Accuracies per epoch stay within a band around the reference runs"))
