"""FullyConnectedNet with dropout: initialization, loss, gradients, dropout placement, test mode.

The probes ran the student's net with the grader's correct layers and fixed
parameters; the reference net gets the same parameters and the same dropout masks.
"""
import numpy as np
import pytest

from autograder.parts.checking import check_float32, check_printed_numbers, common, fail, public_part
from autograder.parts.nets import (calls_of, check_gradients, check_initialization, check_loss, check_parameter_shapes,
                                   check_scores, fixed_params, not_charged_note, reference_net, replayed_masks,
                                   same_array)

PART = "fc_net"
PUBLIC = public_part(PART)


def reference_fc_net(reference_package, params, **kwargs):
    return reference_net(reference_package["classifiers.fc_net"].FullyConnectedNet, params, hidden_dims=[20, 30],
                         input_dim=15, num_classes=10, dtype=np.float64, **kwargs)


def hidden_activations(reference_package, params, X, masks=()):
    """[(affine output, ReLU output)] of each hidden layer of a correct net, after the earlier layers' masks: a
    dropout layer belongs after the ReLU, or (the same numbers, as its mask holds 0 and 1/p, which commute with the
    ReLU) right before it."""
    layers = reference_package["layers"]
    h, found = X, []
    for i in (1, 2):
        a = layers.affine_forward(h, params[f"W{i}"], params[f"b{i}"])[0]
        h = np.maximum(a, 0)
        found.append((a, h))
        if len(masks) >= i:
            h = h * masks[i - 1]
    return found


def dropout_placement(grading, reference, probe="with_dropout"):
    """[(before its ReLU, after it) for each hidden layer]: where the net's train-mode dropout layers take their
    inputs from."""
    inputs = grading.inputs(PART)
    dropouts = calls_of(grading.layer_calls(PART, probe), "dropout_forward", "train")
    masks = [call["outputs"]["mask"] for call in dropouts]
    return [(any(same_array(call["inputs"]["x"], a) for call in dropouts),
             any(same_array(call["inputs"]["x"], h) for call in dropouts))
            for a, h in hidden_activations(reference, fixed_params(inputs), inputs["X"], masks)]


def without_dropout(reference, inputs):
    """{reg: (test-time scores, loss, gradients)} of the reference net at the grader's parameters, no dropout."""
    params = fixed_params(inputs)
    expected = {}
    for reg in (0.0, 3.14):
        net = reference_fc_net(reference, params, reg=reg)
        expected[reg] = (net.loss(inputs["X"]), *net.loss(inputs["X"], inputs["y"]))
    return expected


@pytest.mark.points(1)
def test_initialization(grading):
    """W{i} of shape (fan_in, fan_out) with standard deviation weight_scale, b{i} zero, for every layer"""
    out = grading.outputs(PART, "initialization")
    check_initialization(grading, out, "small_", [15, 20, 30, 10], 5e-2, statistics=False)
    check_initialization(grading, out, "large_", [150, 100, 80, 10], 2e-2)


@pytest.mark.points(1)
def test_loss_scores_and_regularization(grading, reference):
    """The loss without dropout, with reg 0 and 3.14, and the test-time scores"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "without_dropout")
    for reg, (scores, loss, _) in without_dropout(reference, inputs).items():
        check_scores(grading, out[f"scores_{reg}"], scores, "the test-time scores")
        check_loss(float(grading.array(out, f"loss_{reg}", shape=(), what=f"the loss with reg = {reg}")), loss,
                   fixed_params(inputs), reg)


@pytest.mark.points(1)
def test_gradients(grading, reference):
    """Gradients of every parameter without dropout, with reg 0 and 3.14 (biases not regularized)"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "without_dropout")
    for reg, (_, _, grads) in without_dropout(reference, inputs).items():
        check_gradients(grading, out, f"grad_{reg}_", grads, fixed_params(inputs), reg, f" with reg = {reg}",
                        source=(PART, "without_dropout"))


@pytest.mark.points(3)
def test_dropout_follows_every_hidden_relu(grading, reference):
    """In train mode dropout follows each hidden ReLU, and nothing else; loss and gradients go through it"""
    inputs = grading.inputs(PART)
    params, X = fixed_params(inputs), inputs["X"]
    calls = grading.layer_calls(PART, "with_dropout")
    dropouts = calls_of(calls, "dropout_forward", "train")
    relus = calls_of(calls, "relu_forward")
    scores = reference_fc_net(reference, params).loss(X)
    if any(same_array(call["inputs"]["x"], X) for call in dropouts):
        fail("dropout is applied to the input X: it belongs after each hidden ReLU only", "dropout_on_input")
    if any(call["inputs"]["x"].shape == scores.shape for call in relus):
        fail("a ReLU follows the output layer: the scores come from a plain affine_forward, with no ReLU after it", "relu_on_scores")
    if any(call["inputs"]["x"].shape == scores.shape for call in dropouts):
        fail("dropout also follows the output layer: it belongs after hidden ReLUs only", "dropout_on_scores")
    if not dropouts:
        if calls_of(calls, "dropout_forward"):
            fail("the net calls dropout in test mode during training: set dropout_param['mode'] to 'train' when y "
                 "is given", "dropout_in_test_mode_when_training")
        fail("the net applies no dropout in train mode although dropout_keep_ratio = 0.5: call dropout_forward "
             "after each hidden ReLU", "no_dropout")
    masks = [call["outputs"]["mask"] for call in dropouts]
    found = [before or after for before, after in dropout_placement(grading, reference)]
    if found == [True, False]:
        fail("dropout follows the first hidden layer only: it belongs after every hidden ReLU", "dropout_first_layer_only")
    if found == [False, True]:
        fail("dropout follows the last hidden layer only: it belongs after every hidden ReLU", "dropout_last_layer_only")
    if found != [True, True] or len(dropouts) != 2:
        fail("the dropout layers do not get the hidden ReLUs' outputs: call dropout_forward(out, "
             "self.dropout_param) right after each hidden ReLU", "dropout_misplaced")
    if any(call["params"].get("p") != 0.5 for call in dropouts):
        fail(f"the dropout layers get p = {dropouts[0]['params'].get('p')}, not dropout_keep_ratio = 0.5: pass "
             f"self.dropout_param", "wrong_keep_ratio")
    out = grading.outputs(PART, "with_dropout")
    with replayed_masks(reference, masks):
        loss, grads = reference_fc_net(reference, params, dropout_keep_ratio=0.5).loss(X, inputs["y"])
    got = float(grading.array(out, "loss", shape=(), what="the train-mode loss"))
    if abs(got - loss) > 1e-8 * max(1.0, abs(loss)):
        fail(f"the train-mode loss is {got:.8f}, but {loss:.8f} with dropout after each hidden ReLU", "wrong_dropout_loss")
    # The gradients are judged, not the calls: a backward pass may multiply by the mask of the documented cache
    # (dropout_param, mask) itself instead of calling dropout_backward (the cs231n notes' "backprop is a multiply").
    try:
        check_gradients(grading, out, "grad_", grads, params, 0.0, " with dropout", source=(PART, "with_dropout"))
    except common.CheckFailed as wrong:
        if len(calls_of(calls, "dropout_backward", "train")) != 2:
            fail(f"{wrong} (the backward pass does not call dropout_backward for each dropout layer: does it go "
                 f"through the dropout masks?)", "no_dropout_backward")
        raise


@pytest.mark.points(0.5)
def test_the_seed_reaches_every_dropout_layer(grading):
    """A net built with a seed passes it unchanged to its dropout layers on every call"""
    seeds = {call["params"].get("seed") for call in calls_of(grading.layer_calls(PART, "with_seed"), "dropout_forward",
                                                              "train")}
    if seeds and seeds != {123}:  # a net without dropout loses its points in the placement check
        fail(f"the dropout layers of a net built with seed=123 get the seeds {sorted(seeds, key=str)}: keep "
             f"dropout_param['seed'] as the constructor set it (the notebook's gradient check needs the same masks "
             f"on every call)", "123 get the seeds=seed_changed")


@pytest.mark.points(3.5)
def test_no_dropout_at_test_time(grading, reference):
    """At test time (y is None) no unit is dropped: the scores are deterministic and match a net without dropout"""
    inputs = grading.inputs(PART)
    params = fixed_params(inputs)
    if calls_of(grading.layer_calls(PART, "at_test_time"), "dropout_forward", "train"):
        fail(common.DROPOUT_AT_TEST_TIME, "dropout_at_test_time")
    out = grading.outputs(PART, "at_test_time")
    expected = reference_fc_net(reference, params).loss(inputs["X"])
    for key in ("scores_a", "scores_b"):
        check_scores(grading, out[key], expected, "the test-time scores")


@pytest.mark.points(0)
def test_dropout_comes_after_the_relu(grading, reference):
    """Dropout comes after each hidden ReLU, as the docstring says"""
    try:
        placement = dropout_placement(grading, reference)
    except pytest.fail.Exception:
        return  # no dropout calls: charged in the placement check
    if any(before and not after for before, after in placement):
        fail("dropout is applied before the ReLU, not after it. Its mask holds 0 and 1/p, which commute with the "
             "ReLU, so the numbers are the same and this costs no points; the docstring's order is affine - ReLU - "
             "dropout", "dropout_before_relu")


@pytest.mark.points(0)
def test_the_notebook_prints_its_expected_losses(grading):
    """The notebook's check prints the expected initial losses"""
    check_printed_numbers(grading, PART, "notebook_losses", PUBLIC.NOTEBOOK_LOSSES, PUBLIC.OTHER_DRAWS)


@pytest.mark.points(0)
def test_float32_stays_float32(grading):
    """A float32 net gives float32 scores and gradients"""
    check_float32(grading, PART, "float32")


@pytest.mark.points(0)
def test_parameters_have_the_docstrings_shapes(grading):
    """The parameters have the docstring's shapes"""
    check_parameter_shapes(grading, grading.outputs(PART, "initialization"), "small_", [15, 20, 30, 10])


@pytest.mark.points(0)
def test_layer_mistakes_are_charged_in_the_layers(grading):
    """A mistake of a layer whose caches your net reads itself is charged in the layer's part"""
    not_charged_note(PART)
