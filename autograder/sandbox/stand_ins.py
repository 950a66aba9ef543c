"""The grader's correct layers in place of the student's, for the parts that grade a net on its own code.

Where a part grades a net with correct layers (its spec's correct_layers), those layers run in the grader
(autograder.grading.oracle) and answer through a pipe of that part's own, so student code never holds them: within
correct_layers(), the student's layer functions are stand-ins with the same signatures and cache layouts that send
their inputs through the pipe (LayerClient) and return the grader's outputs. Also what the nets' probes use to give a
model the grader's parameters.
"""
import contextlib
import copy
import json
import sys

import numpy as np

from .protocol import read_message, write_message


def model_params(model):
    """A model's parameters as arrays, for the probes that save them."""
    return {name: np.asarray(value) for name, value in model.params.items()}


def set_params(model, params):
    """Give the model the grader's parameters, in the shapes the model made them (a bias of shape (1, H)
    broadcasts like one of shape (H,)), so that its results do not depend on its random initialization."""
    for name, value in params.items():
        current = model.params.get(name)
        shape = np.shape(current) if current is not None and np.size(current) == value.size else value.shape
        model.params[name] = value.reshape(shape).astype(getattr(current, "dtype", value.dtype))


# --------------------------------------------------------------------- correct layers, computed by the grader
class LayerClient:
    """The sandbox's end of a part's channel to the grader's correct layers (autograder.grading.oracle)."""

    def __init__(self, requests, responses):
        self.requests, self.responses = requests, responses

    def call(self, call, params=None, **arrays):
        message = {"call": np.array(call), "params": np.array(json.dumps(params or {}))}
        message.update({name: np.asarray(value) for name, value in arrays.items() if value is not None})
        write_message(self.requests, message)
        response = read_message(self.responses)
        if response is None:
            raise RuntimeError("the grader closed its end of the channel")
        if "error" in response:
            raise ValueError(f"{call}: {response['error']}")
        return response


CLIENT = None  # connected in the part's process when the grader serves correct layers for the part
SERVED = ()  # the names of the layers it serves


def connect(fds, served):
    """In the part's process: the channel to the grader (its requests and responses pipes) and the layers it serves."""
    global CLIENT, SERVED
    CLIENT, SERVED = LayerClient(*fds), tuple(served)


# The forward layers whose stand-ins hand the student's code the cache of the student's own forward pass (computed on
# copies of the same inputs), in the student's own layout, so that code which reads its caches (a net's backward
# pass written by hand, a layer norm that reads its batch normalization's cache) runs as the student wrote it. Not
# dropout: its own mask would differ from the mask the grader applied, so it gets the documented (dropout_param,
# mask) with the grader's mask.
OWN_CACHES = ("affine_forward", "relu_forward", "batchnorm_forward", "layernorm_forward")
CACHES_READ = set()  # the forward layers whose own caches the student's code used without their backward stand-in


def _stubs(oracle, originals, read):
    """Stand-ins for the layer functions of the student's package: same signatures, and the student's own caches.

    A forward stand-in returns the grader's output with the cache of the student's own forward pass on the same
    inputs (OWN_CACHES; the grader's cache where that raises or gives none) and keeps the grader's cache behind
    it. A backward stand-in answers with the grader's layer for a cache a forward stand-in handed out; any other
    cache (one the student's code built itself) goes to the student's own function (originals), so that the
    student's wiring is judged on its own behaviour and never broken by the substitution. read: the set to add
    the layers to whose own caches the student's code read itself (report(): a mistake of that layer then shows
    in the net, see autograder/parts/nets.py)."""
    behind = {}  # id(handed-out cache) -> (that cache, kept alive so that ids stay unique; the grader's cache; layer)
    handed, consumed = set(), set()  # the layers whose caches went out, and those whose caches came back
    own_pass = []  # non-empty while the student's own forward pass runs: nested layer calls are the student's too

    def hand_out(layer, grader_cache, *args):
        global CLIENT
        cache = grader_cache
        if layer in OWN_CACHES and layer in originals:
            # The student's own pass gets no channel to the grader: nothing it does can add to the calls the checks
            # read (the stand-ins hold the channel themselves).
            own_pass.append(layer)
            client, CLIENT = CLIENT, None
            try:
                own = originals[layer](*copy.deepcopy(args))[1]
                if own is not None and not isinstance(own, (bool, int, float, str, bytes)):
                    cache = own
                    handed.add(layer)
            except Exception:  # noqa: BLE001 (its own part judges it; here the grader's cache does)
                pass
            finally:
                own_pass.pop()
                CLIENT = client
        behind[id(cache)] = (cache, grader_cache, layer)
        return cache

    def grader_cache(cache):
        """The grader's cache behind one a forward stand-in handed out, or None for any other."""
        entry = behind.get(id(cache))
        if entry is None or entry[0] is not cache:
            return None
        consumed.add(entry[2])
        return entry[1]

    def dropout_params(param):
        return {"mode": str(param["mode"]), "p": float(param["p"]), "param_id": id(param),
                "seed": int(param["seed"]) if param.get("seed") is not None else None}

    def affine_forward(x, w, b):
        return oracle.call("affine_forward", x=x, w=w, b=b)["out"], hand_out("affine_forward", (x, w, b), x, w, b)

    def affine_backward(dout, cache):
        made = grader_cache(cache)
        if made is None:
            return originals["affine_backward"](dout, cache)
        x, w, b = made
        result = oracle.call("affine_backward", dout=dout, x=x, w=w, b=b)
        return result["dx"], result["dw"], result["db"]

    def relu_forward(x):
        return oracle.call("relu_forward", x=x)["out"], hand_out("relu_forward", x, x)

    def relu_backward(dout, cache):
        made = grader_cache(cache)
        if made is None:
            return originals["relu_backward"](dout, cache)
        return oracle.call("relu_backward", dout=dout, x=made)["dx"]

    def dropout_forward(x, dropout_param):
        result = oracle.call("dropout_forward", dropout_params(dropout_param), x=x)
        return result["out"], hand_out("dropout_forward", (dropout_param, result.get("mask")))

    def dropout_backward(dout, cache):
        made = grader_cache(cache)
        if made is None:
            return originals["dropout_backward"](dout, cache)
        dropout_param, mask = made
        return oracle.call("dropout_backward", {"mode": str(dropout_param["mode"])}, dout=dout, mask=mask)["dx"]

    def normalize(call, x, gamma, beta, param):
        params = {key: param[key] for key in ("mode", "eps", "momentum") if key in param}
        params["param_id"] = id(param)
        running = {key: param.get(key) for key in ("running_mean", "running_var")} if call == "batchnorm_forward" else {}
        before = copy.deepcopy(param)  # what the student's own pass gets: the parameters as the layer found them
        result = oracle.call(call, params, x=x, gamma=gamma, beta=beta, **running)
        for key in ("running_mean", "running_var"):
            if key in result:
                param[key] = result[key]
        if "token" not in result:  # test mode: no cache
            return result["out"], None
        return result["out"], hand_out(call, ("cache of the grader's layer", int(result["token"])), x, gamma, beta,
                                       before)

    def batchnorm_forward(x, gamma, beta, bn_param):
        return normalize("batchnorm_forward", x, gamma, beta, bn_param)

    def layernorm_forward(x, gamma, beta, ln_param):
        return normalize("layernorm_forward", x, gamma, beta, ln_param)

    def backward(call):
        def normalization_backward(dout, cache):
            made = grader_cache(cache)
            if made is None:
                return originals[call](dout, cache)
            result = oracle.call(call, {"token": made[1]}, dout=dout)
            return result["dx"], result["dgamma"], result["dbeta"]
        return normalization_backward

    def report():
        """On leaving the block: the layers whose own caches the student's code may have read itself: none of their
        caches came back to their backward stand-in (a net calls a layer's backward function for all of its caches
        or for none). Only a probe's gradients are judged with it, so a pass at test time, which returns none, does
        not matter."""
        read.update(handed - consumed)

    stubs = {"affine_forward": affine_forward, "affine_backward": affine_backward, "relu_forward": relu_forward,
             "relu_backward": relu_backward, "dropout_forward": dropout_forward, "dropout_backward": dropout_backward,
             "batchnorm_forward": batchnorm_forward, "batchnorm_backward": backward("batchnorm_backward"),
             "batchnorm_backward_alt": backward("batchnorm_backward_alt"), "layernorm_forward": layernorm_forward,
             "layernorm_backward": backward("layernorm_backward")}

    def within_own_pass(name, stub):
        """While the student's own forward pass computes a cache, the layers it calls are the student's own."""
        def call(*args, **kwargs):
            return (originals[name] if own_pass else stub)(*args, **kwargs)
        return call

    return {name: within_own_pass(name, stub) for name, stub in stubs.items()}, report


@contextlib.contextmanager
def correct_layers():
    """Within the block, the student's layer functions that the grader serves for this part (CORRECT_LAYERS in
    the part's __init__) are the grader's correct ones, wherever the student's package refers to them (also
    under another name)."""
    import deeplearning.layers as layers

    originals = {name: getattr(layers, name) for name in SERVED if hasattr(layers, name)}
    stubs, report = _stubs(CLIENT, originals, CACHES_READ)
    pairs = [(originals[name], stub) for name, stub in stubs.items() if name in originals]

    def swap(table):
        for name, module in list(sys.modules.items()):
            if name == "deeplearning" or name.startswith("deeplearning."):
                for attribute, value in list(vars(module).items()):
                    if id(value) in table:
                        setattr(module, attribute, table[id(value)])

    swap({id(original): stub for original, stub in pairs})
    try:
        yield
    finally:  # also in the modules imported inside the block, which bound the stubs
        swap({id(stub): original for original, stub in pairs})
        report()
