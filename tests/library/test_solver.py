"""Update rules against the seeds' expected arrays; Solver histories and npz logs."""
import json

import numpy as np
import pytest
from autograder.parts.checking import rel_error

from deeplearning.classifiers.fc_net import FullyConnectedNet
from deeplearning.data_utils import data_fingerprint
from deeplearning.optim import adam, rmsprop, sgd_momentum
from deeplearning.solver import Solver

N, D = 4, 5
W = np.linspace(-0.4, 0.6, num=N * D).reshape(N, D)
DW = np.linspace(-0.6, 0.4, num=N * D).reshape(N, D)


def test_sgd_momentum_matches_seed():
    v = np.linspace(0.6, 0.9, num=N * D).reshape(N, D)
    next_w, config = sgd_momentum(W, DW, config={"learning_rate": 1e-3, "velocity": v})
    expected_next_w = np.asarray([
        [0.1406, 0.20738947, 0.27417895, 0.34096842, 0.40775789],
        [0.47454737, 0.54133684, 0.60812632, 0.67491579, 0.74170526],
        [0.80849474, 0.87528421, 0.94207368, 1.00886316, 1.07565263],
        [1.14244211, 1.20923158, 1.27602105, 1.34281053, 1.4096]])
    expected_velocity = np.asarray([
        [0.5406, 0.55475789, 0.56891579, 0.58307368, 0.59723158],
        [0.61138947, 0.62554737, 0.63970526, 0.65386316, 0.66802105],
        [0.68217895, 0.69633684, 0.71049474, 0.72465263, 0.73881053],
        [0.75296842, 0.76712632, 0.78128421, 0.79544211, 0.8096]])
    assert rel_error(next_w, expected_next_w) < 1e-8
    assert rel_error(config["velocity"], expected_velocity) < 1e-8


def test_rmsprop_matches_seed():
    cache = np.linspace(0.6, 0.9, num=N * D).reshape(N, D)
    next_w, config = rmsprop(W, DW, config={"learning_rate": 1e-2, "cache": cache})
    expected_next_w = np.asarray([
        [-0.39223849, -0.34037513, -0.28849239, -0.23659121, -0.18467247],
        [-0.132737, -0.08078555, -0.02881884, 0.02316247, 0.07515774],
        [0.12716641, 0.17918792, 0.23122175, 0.28326742, 0.33532447],
        [0.38739248, 0.43947102, 0.49155973, 0.54365823, 0.59576619]])
    expected_cache = np.asarray([
        [0.5976, 0.6126277, 0.6277108, 0.64284931, 0.65804321],
        [0.67329252, 0.68859723, 0.70395734, 0.71937285, 0.73484377],
        [0.75037008, 0.7659518, 0.78158892, 0.79728144, 0.81302936],
        [0.82883269, 0.84469141, 0.86060554, 0.87657507, 0.8926]])
    assert rel_error(next_w, expected_next_w) < 1e-7
    assert rel_error(config["cache"], expected_cache) < 1e-7


def test_adam_with_bias_correction_matches_seed():
    m = np.linspace(0.6, 0.9, num=N * D).reshape(N, D)
    v = np.linspace(0.7, 0.5, num=N * D).reshape(N, D)
    next_w, config = adam(W, DW, config={"learning_rate": 1e-2, "m": m, "v": v, "t": 5})
    expected_next_w = np.asarray([
        [-0.40094747, -0.34836187, -0.29577703, -0.24319299, -0.19060977],
        [-0.1380274, -0.08544591, -0.03286534, 0.01971428, 0.0722929],
        [0.1248705, 0.17744702, 0.23002243, 0.28259667, 0.33516969],
        [0.38774145, 0.44031188, 0.49288093, 0.54544852, 0.59801459]])
    expected_v = np.asarray([
        [0.69966, 0.68908382, 0.67851319, 0.66794809, 0.65738853],
        [0.64683452, 0.63628604, 0.6257431, 0.61520571, 0.60467385],
        [0.59414753, 0.58362676, 0.57311152, 0.56260183, 0.55209767],
        [0.54159906, 0.53110598, 0.52061845, 0.51013645, 0.49966]])
    expected_m = np.asarray([
        [0.48, 0.49947368, 0.51894737, 0.53842105, 0.55789474],
        [0.57736842, 0.59684211, 0.61631579, 0.63578947, 0.65526316],
        [0.67473684, 0.69421053, 0.71368421, 0.73315789, 0.75263158],
        [0.77210526, 0.79157895, 0.81105263, 0.83052632, 0.85]])
    assert rel_error(next_w, expected_next_w) < 1e-6  # the seed prints 1.1e-07
    assert rel_error(config["v"], expected_v) < 1e-8
    assert rel_error(config["m"], expected_m) < 1e-8
    assert config["t"] == 6


@pytest.mark.parametrize("rule", [sgd_momentum, rmsprop, adam])
def test_update_rules_keep_float32_float32(rule):
    w = np.ones((3, 4), dtype=np.float32)
    config = None
    for _ in range(3):  # the state in config must stay float32 too
        w, config = rule(w, np.full((3, 4), 0.5, dtype=np.float32), config)
    assert w.dtype == np.float32
    assert all(v.dtype == np.float32 for v in config.values() if isinstance(v, np.ndarray))


def small_problem(num_train=200, num_val=50, seed=0):
    rng = np.random.RandomState(seed)
    centers = rng.randn(3, 20) * 3
    y = rng.randint(3, size=num_train + num_val)
    X = (centers[y] + rng.randn(len(y), 20)).astype(np.float32)
    return {"X_train": X[:num_train], "y_train": y[:num_train], "X_val": X[num_train:], "y_val": y[num_train:]}


def train(data, seed=5, keep=1, **kwargs):
    np.random.seed(seed)
    model = FullyConnectedNet([30], input_dim=20, num_classes=3, dropout_keep_ratio=keep)
    solver = Solver(model, data, update_rule="adam", optim_config={"learning_rate": 1e-2},
                    num_epochs=4, batch_size=50, verbose=False, seed=seed, **kwargs)
    solver.train()
    return solver


def test_solver_histories_have_one_accuracy_per_epoch_plus_one_and_learn():
    solver = train(small_problem())
    assert len(solver.loss_history) == 4 * (200 // 50)
    assert len(solver.train_acc_history) == len(solver.val_acc_history) == 5
    assert solver.train_acc_history[-1] > 0.9
    assert solver.best_val_acc == max(solver.val_acc_history)


def test_seeded_runs_are_reproducible():
    data = small_problem()
    a, b = train(data, keep=0.5), train(data, keep=0.5)
    assert a.loss_history == b.loss_history
    assert a.val_acc_history == b.val_acc_history


def test_record_histories_as_npz_is_loadable_without_pickle_complete_and_deterministic(tmp_path):
    data = small_problem()
    solver = train(data, keep=0.5)
    first, second = tmp_path / "logs" / "a.npz", tmp_path / "logs" / "b.npz"
    solver.record_histories_as_npz(str(first))
    solver.record_histories_as_npz(str(second))
    assert first.read_bytes() == second.read_bytes()

    with np.load(first, allow_pickle=False) as log:
        assert sorted(log.files) == ["config", "loss_history", *(f"params/{name}" for name in sorted(solver.model.params)),
                                     "train_acc_history", "val_acc_history"]
        np.testing.assert_array_equal(log["loss_history"], solver.loss_history)
        np.testing.assert_array_equal(log["val_acc_history"], solver.val_acc_history)
        # the parameters at the end of the run (train() leaves the best ones in the model), as float16
        for name, value in solver.last_state.items():
            np.testing.assert_array_equal(log[name], value.astype(np.float16))
        config = json.loads(str(log["config"]))
    assert config["recorded_params"] == {"which": "last", "check": len(solver.val_acc_history) - 1}
    assert len(config["check_states"]) == len(solver.val_acc_history)
    assert config["model"]["dropout_keep_ratio"] == 0.5
    assert config["model"]["hidden_dims"] == [30]
    assert config["update_rule"] == "adam"
    assert config["optim_config"] == {"learning_rate": 1e-2}
    assert (config["batch_size"], config["num_epochs"], config["seed"]) == (50, 4, 5)
    assert (config["num_train"], config["num_val"]) == (200, 50)
    assert config["data_fingerprint"] == data_fingerprint(data["X_train"], data["y_train"], data["X_val"], data["y_val"])


def test_data_fingerprint_ignores_dtype_and_mean_shift_but_not_content():
    data = small_problem()
    X_pixels = np.round(np.abs(data["X_train"]) * 20)  # integer "pixels"
    X_val_pixels = np.round(np.abs(data["X_val"]) * 20)
    base = data_fingerprint(X_pixels, data["y_train"], X_val_pixels, data["y_val"])
    mean = X_pixels.mean(axis=0)
    assert data_fingerprint((X_pixels - mean).astype(np.float32), data["y_train"],
                            (X_val_pixels - mean).astype(np.float32), data["y_val"]) == base
    changed = X_pixels.copy()
    changed[3, 4] += 1
    assert data_fingerprint(changed, data["y_train"], X_val_pixels, data["y_val"]) != base
    assert data_fingerprint(X_pixels, np.roll(data["y_train"], 1), X_val_pixels, data["y_val"]) != base
    assert data_fingerprint(X_pixels[:-1], data["y_train"][:-1], X_val_pixels, data["y_val"]) != base


def test_solver_rejects_unknown_arguments_and_rules():
    data = small_problem()
    model = FullyConnectedNet([5], input_dim=20, num_classes=3)
    with pytest.raises(ValueError, match="Unrecognized"):
        Solver(model, data, learning_rate=1)
    with pytest.raises(ValueError, match="update_rule"):
        Solver(model, data, update_rule="nesterov")


def test_audit_measures_again_what_the_run_recorded_at_a_check(tmp_path):
    """The recorded parameters, given back to a fresh model, give the accuracies and the next loss of their check."""
    from deeplearning.self_check.experiments import check_iterations
    from deeplearning.solver import set_model_state

    data = small_problem()
    solver = train(data, keep=1.0)
    path = tmp_path / "best.npz"
    solver.record_histories_as_npz(str(path), params="best")
    with np.load(path, allow_pickle=False) as log:
        config = json.loads(str(log["config"]))
        state = {key: log[key] for key in log.files if "/" in key}
    check = config["recorded_params"]["check"]
    fresh = Solver(FullyConnectedNet([30], input_dim=20, num_classes=3), data, update_rule="adam",
                   optim_config={"learning_rate": 1e-2}, num_epochs=4, batch_size=50, verbose=False, seed=5)
    set_model_state(fresh.model, state)  # the same net and data, not trained: the recorded parameters
    states = config["check_states"]
    train_acc, val_acc, next_loss = fresh.audit(states[check], next_loss=check < len(states) - 1)
    assert abs(val_acc - solver.val_acc_history[check]) <= 0.02 and abs(train_acc - solver.train_acc_history[check]) <= 0.02
    iteration = check_iterations(config)[check] + 1
    if iteration < len(solver.loss_history):
        assert next_loss == pytest.approx(solver.loss_history[iteration], rel=2e-3)
