"""The log of the Solver that trains the TwoLayerNet: genuine data, validation accuracy target."""
import pytest
from trainingcheck import check_run, check_target

PART = "two_layer_net_training"


@pytest.mark.points(2)
def test_log_is_well_formed(grading):
    """two_layer_net.npz loads, holds complete histories of a TwoLayerNet trained on the grader's data"""
    check_run(grading, PART, "TwoLayerNet")


@pytest.mark.points(2)
def test_validation_accuracy(grading):
    """Best validation accuracy at least 50% (on a reduced data set: the reference's minus a margin)"""
    check_target(grading, PART, "TwoLayerNet")
