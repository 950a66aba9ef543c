"""FullyConnectedNet with dropout (Dropout.ipynb): initialization, losses, gradients, dropout placement."""
from autograder.mutants import FC_NET, Mutant

TITLE = "Fully-connected net with dropout"


def inputs(rng, experiment_data):
    return {"X": rng.randn(5, 15), "y": rng.randint(10, size=5)}


MUTANTS = [
    Mutant("dropout_after_output", FC_NET,
           [("        caches.append(cache)\n        ### END SOLUTION",
             "        caches.append(cache)\n        if self.use_dropout:\n"
             "            scores, _ = dropout_forward(scores, self.dropout_param)\n        ### END SOLUTION")],
           "dropout also follows the output layer"),
    Mutant("dropout_first_layer_only", FC_NET,
           [("            if self.use_dropout:\n                hidden, cache",
             "            if self.use_dropout and i == 1:\n                hidden, cache"),
            ("            if self.use_dropout:\n                dout = dropout_backward",
             "            if self.use_dropout and i == 1:\n                dout = dropout_backward")],
           "first hidden layer only"),
    Mutant("no_reg_gradient", FC_NET, [('            grads[f"W{i}"] += self.reg * W\n', "")],
           "lacks the regularization term"),
    Mutant("reg_without_half", FC_NET, [("loss += 0.5 * self.reg * np.sum(W * W)", "loss += self.reg * np.sum(W * W)")],
           "should be 0.5 * reg"),
    Mutant("unscaled_weights", FC_NET, [("weight_scale * np.random.randn(dims[i - 1], dims[i])",
                                         "np.random.randn(dims[i - 1], dims[i])")], "standard deviation"),
]
