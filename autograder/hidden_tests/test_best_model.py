"""The log of the best model's Solver: genuine data, validation accuracy target."""
import pytest
from trainingcheck import check_run, check_target

PART = "best_model"


@pytest.mark.points(1)
def test_log_is_well_formed(grading):
    """best_model.npz loads, holds complete histories of a FullyConnectedNet trained on the grader's data"""
    check_run(grading, PART, "FullyConnectedNet")


@pytest.mark.points(2)
def test_validation_accuracy(grading):
    """Best validation accuracy at least 50% (on a reduced data set: the reference's minus a margin)"""
    check_target(grading, PART, "FullyConnectedNet")
