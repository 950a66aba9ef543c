"""Shared checks for the logs of the runs whose settings the student chooses: the two-layer net and the best model."""
from conftest import fail
from logcheck import check_histories, check_same_data, reference_log, student_log
from autograder.spec import TRAINING_LOGS, TARGET_VAL_ACC, TARGET_MARGIN


def check_run(grading, part, model_name):
    name = TRAINING_LOGS[part]
    arrays, config = student_log(grading, name)
    check_histories(arrays, name)
    reference_arrays, reference_config = reference_log(grading, name)
    check_same_data(config, reference_config, name)
    if (config.get("model") or {}).get("model") != model_name:
        fail(f"{name} was written by a Solver training a {(config.get('model') or {}).get('model')!r}, "
             f"expected a {model_name}")
    if config.get("num_train") != reference_config["num_train"]:
        fail(f"{name} was trained on {config.get('num_train')} images; train on the whole training set "
             f"({reference_config['num_train']} images)")
    return arrays, reference_arrays


def check_target(grading, part, model_name):
    arrays, reference_arrays = check_run(grading, part, model_name)
    target = min(TARGET_VAL_ACC, float(reference_arrays["val_acc_history"].max()) - TARGET_MARGIN)
    best = float(arrays["val_acc_history"].max())
    if best < target:
        fail(f"the best validation accuracy in {TRAINING_LOGS[part]} is {best:.3f}; at least {target:.3f} is "
             f"required on this data")
