"""Affine layer (FullyConnectedNets.ipynb): forward and backward on multi-dimensional inputs."""
from autograder.parts.public_checks import common, public_part
from autograder.parts.spec import Spec


# Accepted forms, with the error analysis: the forward output in public.py; the
# gradients against the reference's within 1e-9 (norm-relative): any order of summation agrees to about 1e-15 at
# these inputs, the closest mistake (dw transposed, db over the wrong axis) differs in shape or by more than 0.1.
FORMULATIONS = {
    **public_part("affine_layer").FORMULATIONS,
    **{check: [common.Formulation(form, "the docstring; any order of summation (np.dot, @, einsum, tensordot)", None,
                                  docstring=True)]
       for check, form in (("test_dx", "dout @ w.T, reshaped like x"), ("test_dw", "x.reshape(N, -1).T @ dout"),
                           ("test_db", "dout summed over the examples, of shape (M,) or (1, M)"))},
}


def inputs(rng):
    return {"x": rng.randn(7, 3, 4, 2), "w": rng.randn(24, 5), "b": rng.randn(5), "dout": rng.randn(7, 5)}


SPEC = Spec(
    title="Affine layer",
    seconds=0.051,
    memory_mb=17.4,
    inputs=inputs,
    formulations=FORMULATIONS,
)
