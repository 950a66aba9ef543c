"""SGD+momentum, RMSProp and Adam (FullyConnectedNets.ipynb)."""
import numpy as np

from autograder.mutants import OPTIM, Mutant

TITLE = "Update rules"


def inputs(rng):
    def grid(start, stop):
        return np.linspace(start, stop, num=20).reshape(4, 5)

    notebook = {  # the notebook's one-step checks
        "w": grid(-0.4, 0.6), "dw": grid(-0.6, 0.4),
        "sgd_momentum_learning_rate": 1e-3, "sgd_momentum_velocity": grid(0.6, 0.9),
        "rmsprop_learning_rate": 1e-2, "rmsprop_cache": grid(0.6, 0.9),
        "adam_learning_rate": 1e-2, "adam_m": grid(0.6, 0.9), "adam_v": grid(0.7, 0.5), "adam_t": 5,
    }
    return {"w": rng.randn(6, 8), "dws": rng.randn(5, 6, 8),
            **{f"notebook_{key}": np.asarray(value) for key, value in notebook.items()}}


MUTANTS = [
    Mutant("momentum_wrong_sign", OPTIM,
           [('v = config["momentum"] * v - config["learning_rate"] * dw',
             'v = config["momentum"] * v + config["learning_rate"] * dw')],
           "the sign of the gradient term is wrong"),
    Mutant("adam_no_bias_correction", OPTIM,
           [("correction = math.sqrt(1 - beta2**t)", "correction = 1.0"),
            ('step = config["learning_rate"] * correction / (1 - beta1**t)', 'step = config["learning_rate"]')],
           "the step lacks the bias correction"),
]
