"""TwoLayerNet: initialization, test-time scores, losses and gradients, at the grader's parameters."""
import pytest

from autograder.parts.nets import (check_gradients, check_initialization, check_loss, check_parameter_shapes, check_scores,
                                   fixed_params, not_charged_note, reference_net)

PART = "two_layer_net"
NOTEBOOK_LOSSES = {0.0: 3.4702243556, 1.0: 26.5948426952}


def two_layer_net(reference, params, **kwargs):
    D, H = params["W1"].shape
    return reference_net(reference["classifiers.fc_net"].TwoLayerNet, params, input_dim=D, hidden_dim=H,
                         num_classes=params["W2"].shape[1], **kwargs)


def notebook_params(inputs):
    return {name: inputs[f"notebook_{name}"] for name in ("W1", "b1", "W2", "b2")}


@pytest.mark.points(2)
def test_initialization(grading):
    """W1 (D, H) and W2 (H, C) with standard deviation weight_scale, b1 and b2 zero"""
    out = grading.outputs(PART, "initialization")
    check_initialization(grading, out, "small_", [40, 60, 7], 3e-2, statistics=False)
    check_initialization(grading, out, "large_", [200, 150, 10], 2e-2)


@pytest.mark.points(2)
def test_test_time_scores(grading, reference):
    """model.loss(X) returns the scores of affine - relu - affine, at the notebook's and at random parameters"""
    inputs = grading.inputs(PART)
    for probe, params, X in (("notebook", notebook_params(inputs), inputs["notebook_X"]),
                             ("random_parameters", fixed_params(inputs), inputs["X"])):
        expected = two_layer_net(reference, params).loss(X)
        check_scores(grading, grading.outputs(PART, probe).get("scores"), expected, "the test-time scores")


@pytest.mark.points(2)
def test_losses(grading, reference):
    """The notebook's losses 3.4702243556 (reg 0) and 26.5948426952 (reg 1), and the loss at random parameters"""
    inputs = grading.inputs(PART)
    out = grading.outputs(PART, "notebook")
    for reg, expected in NOTEBOOK_LOSSES.items():
        loss = float(grading.array(out, f"loss_{reg}", shape=(), what=f"the loss with reg = {reg}"))
        check_loss(loss, two_layer_net(reference, notebook_params(inputs), reg=reg).loss(
            inputs["notebook_X"], inputs["notebook_y"])[0], notebook_params(inputs), reg)
    out = grading.outputs(PART, "random_parameters")
    expected = two_layer_net(reference, fixed_params(inputs), reg=0.3).loss(inputs["X"], inputs["y"])[0]
    check_loss(float(grading.array(out, "loss", shape=(), what="the loss")), expected, fixed_params(inputs), 0.3)


@pytest.mark.points(2)
def test_gradients(grading, reference):
    """Gradients of all four parameters with reg 0.3 (biases not regularized)"""
    inputs = grading.inputs(PART)
    params = fixed_params(inputs)
    _, expected = two_layer_net(reference, params, reg=0.3).loss(inputs["X"], inputs["y"])
    check_gradients(grading, grading.outputs(PART, "random_parameters"), "grad_", expected, params, 0.3,
                    source=(PART, "random_parameters"))


@pytest.mark.points(0)
def test_parameters_have_the_docstrings_shapes(grading):
    """The parameters have the docstring's shapes"""
    check_parameter_shapes(grading, grading.outputs(PART, "initialization"), "small_", [40, 60, 7])


@pytest.mark.points(0)
def test_layer_mistakes_are_charged_in_the_layers(grading):
    """A mistake of a layer whose caches your net reads itself is charged in the layer's part"""
    not_charged_note(PART)
