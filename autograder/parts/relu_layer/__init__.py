"""ReLU layer (FullyConnectedNets.ipynb): forward and backward."""
from autograder.parts.public_checks import public_part
from autograder.parts.spec import Spec


# Accepted forms (exact: ReLU involves no rounding): public.py; at exactly x == 0 any
# subgradient in [0, dout] (0, dout / 2 with np.heaviside, dout) is accepted, with a note.
FORMULATIONS = public_part("relu_layer").FORMULATIONS


def inputs(rng):
    x = rng.randn(20, 30)
    x[x == 0] = 0.5  # graded away from the kink at 0, where either subgradient is right
    at_zero = x.copy()
    at_zero[::7, ::5] = 0
    return {"x": x, "at_zero": at_zero, "dout": rng.randn(20, 30)}


SPEC = Spec(
    title="ReLU layer",
    seconds=0.046,
    memory_mb=17.4,
    inputs=inputs,
    formulations=FORMULATIONS,
)
