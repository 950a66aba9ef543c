"""Checks shared by the parts graded on experiment logs (written by Solver.record_histories_as_npz).

Each experiment's settings are declared once in autograder.parts.graded_experiments; check_settings
checks a log against them. Every log is read through student_log, which also requires that
the submitted code reproduces the start of the logged run (check_replay).
"""
from pathlib import Path

import numpy as np
import pytest

from autograder.parts.graded_experiments import TARGET_MARGIN, TARGET_VAL_ACC, TRAINING_LOGS
from autograder.parts.checking import GRADER_FAULT, CheckFailed, experiments, fail, grader_fault

# How far a replay on the grader's CPU may differ from the student's run, measured between OpenBLAS's kernels (see
# docs/logs.md): float32 products round differently on other CPUs, up to 1e-5 relative in the first five losses, and
# normalization amplifies that (up to 3e-4); the tolerances leave a margin of 10. The whole overfitting runs
# (float64, 40 iterations) differ by at most 8e-12 by their end. An accuracy may flip a few images.
REPLAY_LOSS_RTOL = {False: 1e-4, True: 3e-3}  # without, with normalization
REPLAY_ACC_ATOL = 0.011


read_log = experiments.read_log


def student_log(grading, name, replay=True):
    """The arrays and config of a submitted log whose numbers the student's code reproduces (check_replay: the start
    of the run, or all of it; check_claims: what its recorded parameters give; replay=False: a check that names a
    more specific mistake first calls check_log itself, afterwards)."""
    problem = grading.manifest["log_problems"].get(name)
    if problem and problem != "is missing":
        fail(f"{name} {problem}", "log_unreadable")
    arrays, config = read_log(grading.folder / "logs" / Path(name).name, name)
    if replay:
        check_log(grading, name, arrays, config)
    return arrays, config


def check_log(grading, name, arrays, config):
    """Every number of the log (its arrays and parsed config) that the grader can measure again with the student's
    code is what that code gives."""
    experiments.check_replayable(config, name, arrays)
    check_replay(grading, name, arrays, config)
    check_claims(grading, name, arrays, config)


def _part_of(grading, name, attribute):
    """The graded part whose probes measure this log (REPLAYED or PROVED in its __init__), if it is being graded."""
    from autograder.parts import PARTS

    part = next((part for part in PARTS.values() if name in getattr(part, attribute)), None)
    return part if part is not None and part.name in grading.manifest["parts"] else None


def _measurements(grading, name, attribute, probe, what):
    """What the probe of the graded part that measures this log again (REPLAYED or PROVED) saved for it, or None when
    no such part is being graded; fails when the student's code could not do it."""
    part = _part_of(grading, name, attribute)
    if part is None:
        return None
    out = grading.outputs(part.name, probe)
    if f"{name}:error" in out:
        grading.check_memory(part.name, str(out[f"{name}:error"]))
        fail(f"{what} ({out[f'{name}:error']}): a log only counts if the submitted code can produce it",
             "log_not_replayed")
    return out


def _first_difference(logged, replayed, rtol, atol):
    """The index of the first number that differs beyond the tolerance, or None (a NaN replayed: not measured)."""
    if logged.shape != replayed.shape:
        return min(logged.size, replayed.size)
    bad = np.flatnonzero(~(np.isclose(logged, replayed, rtol=rtol, atol=atol) | np.isnan(replayed)))
    return int(bad[0]) if bad.size else None


def check_replay(grading, name, arrays, config):
    """The logged run, replayed with the student's code from the log's settings and random state on the grader's
    data (its start, or all of it), must give the log's numbers: else the log did not come from the submitted code."""
    replays = _measurements(grading, name, "replayed", "replays", f"{name} could not be replayed with your code")
    if replays is None or f"{name}:loss" not in replays:
        return  # a log the probe did not choose (the weight-scale sweep replays four)
    normalized = bool(setting(config, "model.normalization"))
    for key, what, rtol, atol in (("loss", "loss", REPLAY_LOSS_RTOL[normalized], 0),
                                  ("train_acc", "training accuracy", 0, REPLAY_ACC_ATOL),
                                  ("val_acc", "validation accuracy", 0, REPLAY_ACC_ATOL)):
        replayed = replays[f"{name}:{key}"]
        logged = arrays["loss_history" if key == "loss" else f"{key}_history"][:replayed.size]
        index = _first_difference(logged, replayed, rtol, atol)
        if index is None:
            continue
        where = f"iteration {index + 1}" if key == "loss" else f"accuracy check {index}"
        found = f"{logged[index]:.4f}" if index < logged.size else "missing"
        fail(f"the {what} of {name} at {where} is {found}, but your code from the log's settings gives "
             f"{replayed[index]:.4f} (the grader replayed {replayed.size} numbers; the first {index} agree): re-run "
             f"the notebook with your final code before you submit, and do not edit the log", "log_not_replayed")


# How far the accuracies measured again for a log's recorded parameters may differ from the log's: the parameters
# are recorded as float16, which moved the accuracies of the answer key's 32 logs by at most 0.003 (3 images of
# 1,000) on the grader's data, the same with OpenBLAS's Haswell, SkylakeX, Sandybridge and Prescott kernels; the
# tolerance allows 11 images. The loss of the next minibatch moves by float16 rounding too: by 5e-5 relative at most
# in the tests' runs, with each of those kernels; 2e-3 is allowed.
AUDIT_ACC_ATOL, AUDIT_LOSS_RTOL = 0.011, 2e-3


def check_claims(grading, name, arrays, config):
    """The accuracies a log claims where its recorded parameters come from (the end of the run, or its best
    validation accuracy), and the loss of the next iteration, must be what those parameters give with the student's
    code on the grader's data: a claim nobody computed does not count."""
    out = _measurements(grading, name, "proved", "claims",
                        f"the parameters {name} records could not be measured with your code")
    if out is None:
        return
    check, train_acc, val_acc, next_loss = out[f"{name}:audit"]
    check = int(check)
    which = (config.get("recorded_params") or {}).get("which")
    val = arrays["val_acc_history"]
    where = val.size - 1 if which == "last" else int(np.argmax(val))
    if check != where:
        kind = "last" if which == "last" else "best validation"
        fail(f"{name} records the parameters of accuracy check {check}, but its {kind} accuracy is at check {where}: "
             f"the parameters and the history come from different runs", "log_claim_unproven")
    for key, claimed, measured in (("validation", val[check], val_acc),
                                   ("training", arrays["train_acc_history"][check], train_acc)):
        if abs(claimed - measured) > AUDIT_ACC_ATOL:
            fail(f"{name} claims a {key} accuracy of {claimed:.3f} at accuracy check {check}, but the parameters it "
                 f"records give {measured:.3f} with your code on the grader's data: the log's numbers must be what "
                 f"your code computes (re-run the notebook, and do not edit the log)", "log_claim_unproven")
    iteration = experiments.check_iterations(config)[check] + 1
    losses = arrays["loss_history"]
    if not np.isnan(next_loss) and iteration < losses.size and not np.isclose(losses[iteration], next_loss,
                                                                             rtol=AUDIT_LOSS_RTOL, atol=0):
        fail(f"the loss of {name} at iteration {iteration + 1} is {losses[iteration]:.4f}, but the parameters it "
             f"records give {next_loss:.4f} on that iteration's minibatch with your code: the parameters and the "
             f"history come from different runs", "log_claim_unproven")


def proven_checks(arrays):
    """The accuracy checks of a prescribed experiment's log whose numbers the grader measures again: the first
    (replayed) and the last (audited from the recorded parameters)."""
    return sorted({0, arrays["val_acc_history"].size - 1})


def reference_log(grading, name):
    """The reference run's log; a grader fault where the references lack it or it cannot be read."""
    try:
        return read_log(grading.references / Path(name).name, f"reference {name}")
    except CheckFailed:
        fail(grader_fault(f"the grader's reference log {Path(name).name} is missing or unreadable (the instructor "
                          f"rebuilds it with `python -m autograder references`)"), GRADER_FAULT)


def check_histories(arrays, label, experiment=None, finite_loss=True):
    """experiments.check_histories with the lengths of the experiment's histories, if given."""
    experiments.check_histories(arrays, label, experiment.lengths if experiment else None, finite_loss)


def check_same_data(config, reference_config, label):
    experiments.check_same_data(config, reference_config["data_fingerprint"], label)


setting = experiments.setting


def check_settings(config, experiment, key, label):
    """The log `key` of the experiment records the settings the notebook prescribes."""
    experiments.check_settings(config, experiment.prescribed(key), label)


def check_band(arrays, reference_arrays, label, band):
    """The proven accuracies (proven_checks: the first and the last) within a band (largest, mean gap) around the
    reference run's."""
    band_max, band_mean = band
    for key in ("train_acc_history", "val_acc_history"):
        if arrays[key].shape != reference_arrays[key].shape:
            fail(f"{label}: {key} has {arrays[key].size} values, expected {reference_arrays[key].size}", "log_incomplete")
        checks = proven_checks(arrays)
        gap = np.abs(arrays[key] - reference_arrays[key])[checks]
        if gap.max() > band_max or gap.mean() > band_mean:
            fail(f"{label}: {key.split('_')[0]} accuracy differs from the reference run by up to {gap.max():.3f} "
                 f"(accuracy check {checks[int(gap.argmax())]}) and by {gap.mean():.3f} on average over the checks "
                 f"the grader measures again ({', '.join(map(str, checks))}); a correct implementation stays within "
                 f"{band_max} and {band_mean}", "outside_band")


# ------------------------------------------------------------------ the logs of a prescribed experiment
def check_logs_complete(grading, experiment, finite_loss=True, positive_loss=False):
    """Every log of the experiment loads without pickle and holds complete, finite histories (positive_loss: and
    a softmax loss, which is always positive)."""
    for name, _ in experiment.logs.values():
        arrays, config = student_log(grading, name, replay=False)
        check_histories(arrays, name, experiment, finite_loss)
        if positive_loss and arrays["loss_history"].min() <= 0:
            fail(f"{name}: a softmax loss is always positive", "log_wrong_loss")
        check_log(grading, name, arrays, config)


def check_logs_settings(grading, experiment, data_of_every_log=True):
    """Every log records the prescribed settings and the grader's data (or only the first log, for the data)."""
    for number, (key, (name, _)) in enumerate(experiment.logs.items()):
        arrays, config = student_log(grading, name, replay=False)
        check_settings(config, experiment, key, name)
        if data_of_every_log or number == 0:
            check_same_data(config, reference_log(grading, name)[1], name)
        check_log(grading, name, arrays, config)


def check_logs_band(grading, experiment):
    """Every log's proven accuracies stay within the experiment's band around the reference run."""
    for name, _ in experiment.logs.values():
        check_band(student_log(grading, name)[0], reference_log(grading, name)[0], name, experiment.band)


def prescribed_log_checks(experiment, complete, settings, band, **complete_options):
    """The three checks of a prescribed experiment's logs, each given as (points, title):
    complete and well-formed (check_logs_complete), configured as prescribed on the grader's data
    (check_logs_settings), and within the experiment's band around the reference runs (check_logs_band)."""
    def check(points, title, function, **options):
        @pytest.mark.points(points)
        def test(grading):
            function(grading, experiment, **options)

        test.__doc__ = title
        return test

    return (check(*complete, check_logs_complete, **complete_options), check(*settings, check_logs_settings),
            check(*band, check_logs_band))


# ------------------------------------------------------------------ runs whose settings the students choose
def check_training_run(grading, part, model_name):
    """The log of a student-configured run: well-formed, a model_name trained on the whole training set."""
    name = TRAINING_LOGS[part]
    arrays, config = student_log(grading, name, replay=False)
    try:  # as many numbers as the run's own settings make: none cut off, none added
        lengths = experiments.history_lengths({key: int(config[key]) for key in ("num_epochs", "num_train",
                                                                                 "batch_size")})
    except (KeyError, TypeError, ValueError):
        fail(f"{name} does not record its number of epochs, training images and batch size", "log_not_replayable")
    experiments.check_histories(arrays, name, lengths)
    reference_arrays, reference_config = reference_log(grading, name)
    check_same_data(config, reference_config, name)
    if (config.get("model") or {}).get("model") != model_name:
        fail(f"{name} was written by a Solver training a {(config.get('model') or {}).get('model')!r}, "
             f"expected a {model_name}", "log_wrong_model")
    if config.get("num_train") != reference_config["num_train"]:
        fail(f"{name} was trained on {config.get('num_train')} images; train on the whole training set "
             f"({reference_config['num_train']} images)", "log_wrong_num_train")
    check_log(grading, name, arrays, config)
    return arrays, reference_arrays


def check_target_accuracy(grading, part, model_name):
    arrays, reference_arrays = check_training_run(grading, part, model_name)
    target = min(TARGET_VAL_ACC, float(reference_arrays["val_acc_history"].max()) - TARGET_MARGIN)
    best = float(arrays["val_acc_history"].max())
    if best < target:
        fail(f"the best validation accuracy in {TRAINING_LOGS[part]} is {best:.3f}; at least {target:.3f} is "
             f"required on this data", "accuracy_below_target")


def training_log_checks(part, model_name, log_points, accuracy_points):
    """The two checks of a student-configured run's log, worth the given points:
    `test_log_is_well_formed, test_validation_accuracy = training_log_checks(...)` in the part's checks.py."""
    log = Path(TRAINING_LOGS[part]).name

    @pytest.mark.points(log_points)
    def test_log_is_well_formed(grading):
        check_training_run(grading, part, model_name)

    @pytest.mark.points(accuracy_points)
    def test_validation_accuracy(grading):
        check_target_accuracy(grading, part, model_name)

    test_log_is_well_formed.__doc__ = (f"{log} loads, holds complete histories of a {model_name} trained on the "
                                       f"grader's data")
    test_validation_accuracy.__doc__ = ("Best validation accuracy at least 50% (on a reduced data set: the "
                                        "reference's minus a margin)")
    return test_log_is_well_formed, test_validation_accuracy
