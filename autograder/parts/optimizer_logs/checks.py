"""The update-rule comparison's logs: well-formed, as prescribed, close to the reference, plausible."""
import pytest

from autograder.parts.graded_experiments import OPTIMIZERS as EXPERIMENT
from autograder.parts.checking import fail
from autograder.parts.logs import prescribed_log_checks, student_log

PART = "optimizer_logs"


@pytest.mark.points(1)
def test_adaptive_rules_train_faster(grading):
    """SGD+momentum, RMSProp and Adam end with a lower training loss than plain SGD (the loss of each run's last
    parameters on the whole training set, computed by the grader with your code)"""
    claims = grading.outputs(PART, "claims")
    final = {}
    for rule, (name, _) in EXPERIMENT.logs.items():
        student_log(grading, name)  # its recorded parameters are those of its run
        final[rule] = float(grading.array(claims, f"{name}:training_loss", shape=(),
                                          what=f"the training loss of {name}'s last parameters"))
    slower = [rule for rule in ("sgd_momentum", "rmsprop", "adam") if not final[rule] < final["sgd"]]
    if slower:
        fail(f"{', '.join(slower)} did not reach a lower training loss than sgd (the loss of each run's last "
             f"parameters on the training set: " + ", ".join(f"{rule} {loss:.3f}" for rule, loss in final.items())
             + ")", "adaptive_not_better")


# The checks every prescribed experiment's logs get.
(test_logs_are_present_and_well_formed, test_runs_are_configured_as_the_notebook_prescribes,
 test_histories_are_close_to_the_reference) = prescribed_log_checks(
    EXPERIMENT, complete=(1, "One log per update rule, loadable without pickle, with complete finite histories"),
    settings=(2, "Each log comes from the prescribed net, update rule, learning rate, seed and data"),
    band=(2, "Accuracies per epoch stay within a band around the reference runs"))
