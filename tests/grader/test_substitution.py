"""The grader's correct layers stand in for the student's (autograder/sandbox/stand_ins.py), and never cost a correct
student points: student code that reads the caches of its own layers, in its own layout, runs as written; where a
layer it reads is wrong, the mistake is charged in the layer's part only, and a note says so.

The submissions change two student files (layers.py and fc_net.py), which a variant of tests/variants/ cannot.
"""
import shutil

import pytest

from autograder.course.variants import patch_source
from autograder.grading.pipeline import grade
from autograder.layout import SOLUTIONS

# Layers whose caches are dicts of the student's own keys (the documented layout is a tuple, or x).
OWN_CACHE_LAYERS = '''
def affine_forward(x, w, b):
    out = x.reshape(x.shape[0], -1) @ w + b
    return out, {"input": x, "weights": w, "bias": b}


def affine_backward(dout, cache):
    x, w = cache["input"], cache["weights"]
    return (dout @ w.T).reshape(x.shape), x.reshape(x.shape[0], -1).T @ dout, dout.sum(axis=0)


def relu_forward(x):
    return np.maximum(0, x), {"input": x}


def relu_backward(dout, cache):
    return dout * (cache["input"] > 0)
'''

# The same, but relu's cache keeps |x|: relu_backward then lets every gradient through (relu_layer's mistake).
WRONG_RELU_CACHE = OWN_CACHE_LAYERS.replace('return np.maximum(0, x), {"input": x}',
                                            'return np.maximum(0, x), {"input": np.abs(x)}')

# A TwoLayerNet whose backward pass is written by hand from those caches, without calling a backward function.
NET_READS_CACHES = '''
from ..layers import relu_forward


class TwoLayerNet:
    def loss(self, X, y=None):
        W1, b1, W2, b2 = (self.params[key] for key in ("W1", "b1", "W2", "b2"))
        a, affine1 = affine_forward(X, W1, b1)
        h, relu1 = relu_forward(a)
        scores, affine2 = affine_forward(h, W2, b2)
        if y is None:
            return scores
        loss, dscores = softmax_loss(scores, y)
        loss += 0.5 * self.reg * (np.sum(W1 * W1) + np.sum(W2 * W2))
        grads = {"W2": affine2["input"].T @ dscores + self.reg * W2, "b2": dscores.sum(axis=0)}
        da = (dscores @ affine2["weights"].T) * (relu1["input"] > 0)
        x = affine1["input"].reshape(affine1["input"].shape[0], -1)
        grads.update(W1=x.T @ da + self.reg * W1, b1=da.sum(axis=0))
        return loss, grads
'''

PARTS = ["affine_layer", "relu_layer", "two_layer_net"]


def submission(tmp_path, layers, net):
    folder = tmp_path / "fc_nets"
    shutil.copytree(SOLUTIONS, folder, ignore=shutil.ignore_patterns("figures", "__pycache__"))
    for name, code in (("layers.py", layers), ("classifiers/fc_net.py", net)):
        path = folder / "deeplearning" / name
        path.write_text(patch_source(path.read_text(), code))
    return folder


def checks(results, part):
    return {test["name"]: test for test in results["tests"] if test.get("extra_data", {}).get("part") == part}


def lost(results, part):
    return sum(test["max_score"] - test["score"] for test in checks(results, part).values())


@pytest.mark.xdist_group("substitution")
def test_a_net_that_reads_its_own_layers_caches_gets_full_marks(tmp_path):
    results = grade(submission(tmp_path, OWN_CACHE_LAYERS, NET_READS_CACHES), parts=PARTS)
    for part in PARTS:
        assert lost(results, part) == 0, [t["output"] for t in checks(results, part).values() if t["output"]]


@pytest.mark.xdist_group("substitution")
def test_a_wrong_layer_whose_cache_a_net_reads_is_charged_in_the_layer_only(tmp_path):
    results = grade(submission(tmp_path, WRONG_RELU_CACHE, NET_READS_CACHES), parts=PARTS)
    assert lost(results, "relu_layer") > 0
    assert lost(results, "two_layer_net") == 0
    notes = [test["output"] for test in checks(results, "two_layer_net").values() if test["output"]]
    assert any("relu_forward" in note and "charged there" in note for note in notes), notes


@pytest.mark.xdist_group("substitution")
def test_a_net_whose_own_gradients_are_wrong_still_loses_points(tmp_path):
    """The note excuses a layer's mistake, not the net's: the same net with the bias gradient forgotten."""
    wrong_net = NET_READS_CACHES.replace('"b2": dscores.sum(axis=0)', '"b2": 0 * dscores.sum(axis=0)')
    results = grade(submission(tmp_path, OWN_CACHE_LAYERS, wrong_net), parts=PARTS)
    assert lost(results, "two_layer_net") > 0
    assert lost(results, "relu_layer") == lost(results, "affine_layer") == 0
