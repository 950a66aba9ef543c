"""Fully-connected net with normalization probes (run in the sandbox)."""
import numpy as np

from probe_runner import model_params


def normalized_net_notebook(inputs):
    """The notebook's check: running averages set to one minibatch's statistics, then test-time scores."""
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    N, D, H1, H2, C = 2, 15, 20, 30, 10
    model = FullyConnectedNet([H1, H2], input_dim=D, num_classes=C, weight_scale=5e-2, dtype=np.float64,
                              normalization="batchnorm")
    model.params["W1"] = np.linspace(-0.7, 0.3, num=D * H1).reshape(D, H1)
    model.params["b1"] = np.linspace(-0.1, 0.9, num=H1)
    model.params["W2"] = np.linspace(-0.3, 0.4, num=H1 * H2).reshape(H1, H2)
    model.params["b2"] = np.linspace(-0.9, 0.1, num=H2)
    model.params["W3"] = np.linspace(-0.3, 0.4, num=H2 * C).reshape(H2, C)
    model.params["b3"] = np.linspace(-0.9, 0.1, num=C)
    X = np.linspace(-5.5, 4.5, num=N * D).reshape(D, N).T
    for bn_param in model.bn_params:
        bn_param["momentum"] = 0.0
    model.loss(X, np.array([0, 1]))
    return {"scores": model.loss(X)}


def normalized_nets(inputs):
    """Losses and gradients of batchnorm and layernorm nets, with and without regularization."""
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    out = {}
    X, y = inputs["net_X"], inputs["net_y"]
    for normalization in ("batchnorm", "layernorm"):
        for reg in (0.0, 3.14):
            np.random.seed(int(inputs["rng_seed"]))
            model = FullyConnectedNet([20, 30], input_dim=15, num_classes=10, reg=reg, weight_scale=5e-2,
                                      dtype=np.float64, normalization=normalization)
            tag = f"{normalization}_{reg}"
            out.update({f"{tag}_param_{name}": value for name, value in model_params(model).items()})
            loss, grads = model.loss(X, y)
            out[f"{tag}_loss"] = np.float64(loss)
            out.update({f"{tag}_grad_{name}": np.asarray(value) for name, value in grads.items()})
    return out


def batchnorm_net_test_mode(inputs):
    """Two training steps' worth of forward passes, then test-time scores (running averages)."""
    from deeplearning.classifiers.fc_net import FullyConnectedNet

    np.random.seed(int(inputs["rng_seed"]))
    model = FullyConnectedNet([20, 30], input_dim=15, num_classes=10, weight_scale=5e-1, dtype=np.float64,
                              normalization="batchnorm")
    out = {f"param_{name}": value for name, value in model_params(model).items()}
    for batch in inputs["net_batches"]:
        model.loss(batch, inputs["net_y_batch"])
    out["scores"] = model.loss(inputs["net_X"])
    return out
