"""FullyConnectedNet with normalization, judged from its calls to the grader's normalization layers.

The layer log (grading.layer_calls) says which normalization layers the net called, in
which order, with which gamma, beta, bn_param and mode, and what they returned.
"""
import pytest

from autograder.parts.checking import common, fail
from autograder.parts.nets import calls_of, fixed_params, same_array, same_values

PART = "fc_net_normalization"
HIDDEN, C = [20, 30], 10


def forward_calls(grading, probe, normalization):
    """The calls of one training step to the normalization layer, checked for placement."""
    calls = grading.layer_calls(PART, probe, finished=False)
    other = "batchnorm" if normalization == "layernorm" else "layernorm"
    if normalization == "layernorm" and calls_of(calls, "batchnorm_forward"):
        fail("with normalization='layernorm' the net calls batchnorm_forward: use layernorm_forward (and "
             "layernorm_backward) for layer normalization", "batchnorm_for_layernorm")
    norms = calls_of(calls, f"{normalization}_forward")
    if not calls:
        grading.outputs(PART, probe)  # fails with the reason if the net failed
        fail("the net calls no layer at all: is the TODO of FullyConnectedNet.loss done?", "no_layers")
    if not norms:
        fail(f"with normalization='{normalization}' the net calls no {normalization}_forward"
             + (f" (it calls {other}_forward)" if calls_of(calls, f"{other}_forward") else "")
             + ": put one between each hidden affine layer and its ReLU", "no_normalization")
    if any(call["inputs"]["x"].shape[1] == C for call in norms):
        fail("a normalization layer follows the output layer: normalize the hidden layers only, never the scores", "output_layer_normalized")
    if [call["inputs"]["x"].shape[1] for call in norms] != HIDDEN:
        fail(f"the net normalizes {len(norms)} layer(s) of widths {[call['inputs']['x'].shape[1] for call in norms]}; "
             f"expected one normalization per hidden layer, of widths {HIDDEN}", "wrong_normalized_layers")
    grading.outputs(PART, probe)  # fails with the reason if the net failed after that
    return calls, norms


@pytest.mark.points(1)
def test_gamma_and_beta(grading):
    """gamma{i} (ones) and beta{i} (zeros) for every hidden layer, none for the output layer"""
    out = grading.outputs(PART, "parameters")
    for normalization in ("batchnorm", "layernorm"):
        params = {key.split("_", 1)[1]: grading.array(out, key) for key in out if key.startswith(f"{normalization}_")}
        common.check_normalization_params(params, normalization, HIDDEN)


@pytest.mark.points(2)
def test_normalization_before_every_hidden_relu(grading):
    """Each hidden layer is normalized, with its own gamma and beta, before its ReLU; the output layer is not"""
    params = fixed_params(grading.inputs(PART))
    for normalization, probe in (("batchnorm", "batchnorm_step"), ("layernorm", "layernorm_step")):
        calls, norms = forward_calls(grading, probe, normalization)
        for i, call in enumerate(norms, start=1):
            if not (same_values(call["inputs"]["gamma"], params[f"gamma{i}"])
                    and same_values(call["inputs"]["beta"], params[f"beta{i}"])):
                fail(f"the normalization of hidden layer {i} does not get gamma{i} and beta{i} of model.params", "wrong_gamma_beta")
        relus = calls_of(calls, "relu_forward")
        if relus and not all(any(same_array(relu["inputs"]["x"], call["outputs"]["out"]) for relu in relus)
                             for call in norms):
            fail("the ReLU of a hidden layer does not get the output of its normalization: normalize before the ReLU, "
                 "in the order affine - normalization - ReLU", "relu_before_normalization")


@pytest.mark.points(1.5)
def test_gamma_and_beta_get_their_gradients(grading):
    """grads['gamma{i}'] and grads['beta{i}'] are what the normalization's backward pass returns, not regularized"""
    for normalization, probe in (("batchnorm", "batchnorm_step"), ("layernorm", "layernorm_step")):
        calls, norms = forward_calls(grading, probe, normalization)
        backward = {call["params"].get("token"): call for call in calls
                    if call["layer"] in (f"{normalization}_backward", f"{normalization}_backward_alt")}
        out = grading.outputs(PART, probe)
        for i, call in enumerate(norms, start=1):
            token = call["params"].get("token")
            if token not in backward:
                fail(f"the backward pass does not go through {normalization}'s backward pass for hidden layer {i}", "no_normalization_backward")
            for name, key in ((f"gamma{i}", "dgamma"), (f"beta{i}", "dbeta")):
                want = backward[token]["outputs"][key]
                if f"grad_{name}" not in out:
                    fail(f"grads lacks '{name}': return a gradient for every parameter", "missing_gradient")
                got = grading.array(out, f"grad_{name}", like=want, what=f"grads['{name}']", broadcast=True)
                if same_array(got, want):
                    continue
                param = fixed_params(grading.inputs(PART))[name]
                if same_array(got, want + 3.14 * param):
                    fail(f"grads['{name}'] includes reg * {name}: gamma and beta are not regularized", "gamma_beta_regularized")
                fail(f"grads['{name}'] is not the {key} that {normalization}'s backward pass returned for hidden "
                     f"layer {i}", "wrong_gamma_beta_gradient")


@pytest.mark.points(1.5)
def test_running_averages_and_test_mode(grading):
    """Each batchnorm layer keeps its own running averages across steps; at test time they are used"""
    calls = grading.layer_calls(PART, "batchnorm_train_then_test", finished=False)
    norms = calls_of(calls, "batchnorm_forward")
    if any("running_mean" in call["inputs"] and call["inputs"]["running_mean"].shape != call["inputs"]["x"].shape[1:]
           for call in norms):
        fail("a batchnorm layer gets the running averages of another layer: each hidden layer needs its own "
             "bn_param, self.bn_params[i - 1]", "shared_bn_param")
    grading.outputs(PART, "batchnorm_train_then_test")  # fails with the reason if the net failed
    train, test = calls_of(norms, "batchnorm_forward", "train"), calls_of(norms, "batchnorm_forward", "test")
    steps = len(grading.inputs(PART)["batches"])
    if len(train) != steps * len(HIDDEN):
        fail(f"{len(train)} training-mode batchnorm calls in {steps} training steps; expected {len(HIDDEN)} per step", "wrong_number_of_batchnorm_calls")
    if len(test) != len(HIDDEN):
        fail("at test time (y is None) the batchnorm layers do not run in test mode: set each bn_param's mode to "
             "'test'", "batchnorm_not_in_test_mode")
    for layer in range(len(HIDDEN)):
        ordered = train[layer::len(HIDDEN)] + test[layer:layer + 1]
        for before, after in zip(ordered, ordered[1:]):
            if not ("running_mean" in after["inputs"]
                    and same_array(after["inputs"]["running_mean"], before["outputs"]["running_mean"])):
                fail(f"hidden layer {layer + 1} does not keep its running averages from one step to the next: create "
                     f"its bn_param once (self.bn_params) and pass the same one every time", "running_averages_not_kept")


@pytest.mark.points(0)
def test_parameters_have_the_docstrings_shapes(grading):
    """The parameters have the docstring's shapes"""
    out = grading.outputs(PART, "parameters")
    for normalization in ("batchnorm", "layernorm"):
        params = {key.split("_", 1)[1]: grading.array(out, key) for key in out if key.startswith(f"{normalization}_")}
        common.parameter_shapes_note(params, common.network_shapes([15, *HIDDEN, C], normalization=True))
