"""batchnorm_backward_alt that simply returns batchnorm_backward(dout, cache), the answer key's node-by-node backward on its own cache: the values are identical by construction, but there is no simplified expression and no speed-up (the release docstring asks to "compute it without going through the intermediate nodes", and the notebook "compares it with batchnorm_backward ... and times both"; the timing cell is not part of the answer key). Behaviourally correct, so EXPECT is {}: whether skipping the derivation costs points is for the hand-graded part, not for a test of outputs. Difference from the docstring: the requested method is not used; values equal the node-by-node backward exactly."""
FILE = "deeplearning/layers.py"
EXPECT = {}

import numpy as np


def batchnorm_backward_alt(dout, cache):
    # same gradients as the graph version
    dx, dgamma, dbeta = batchnorm_backward(dout, cache)
    return dx, dgamma, dbeta
