"""The regularization experiment: the reference numpy library against PyTorch on the CPU.

Both run the notebook's experiment on the same data (two nets, one hidden layer
of 500 units, 500 training images, 25 epochs of Adam at 5e-4, batch 100, keep
ratios 1 and 0.25, accuracy on the 500 training and 1000 validation images after
the first step and every epoch) from the same initial weights, in float32. Runs
alternate in one process so that a busy machine affects both alike.
"""
import statistics
import time

import numpy as np

from autograder.course.references import load_experiment_data, reference_module
from autograder.parts.graded_experiments import REGULARIZATION, REGULARIZATION_LEARNING_RATE, REGULARIZATION_SEED

# The regularization experiment of Dropout.ipynb, as this benchmark reads it.
EXPERIMENT = {"seed": REGULARIZATION_SEED, "hidden_dims": REGULARIZATION.settings["model.hidden_dims"],
              "keep_ratios": list(REGULARIZATION.logs), "num_train": REGULARIZATION.num_train,
              "num_epochs": REGULARIZATION.num_epochs, "batch_size": REGULARIZATION.batch_size,
              "learning_rate": REGULARIZATION_LEARNING_RATE}

D, H, C = 3 * 32 * 32, EXPERIMENT["hidden_dims"][0], 10


def run_numpy(data):
    FullyConnectedNet = reference_module("classifiers.fc_net").FullyConnectedNet
    Solver = reference_module("solver").Solver
    for keep in EXPERIMENT["keep_ratios"]:
        np.random.seed(EXPERIMENT["seed"])
        model = FullyConnectedNet(EXPERIMENT["hidden_dims"], dropout_keep_ratio=keep)
        Solver(model, data, num_epochs=EXPERIMENT["num_epochs"], batch_size=EXPERIMENT["batch_size"],
               update_rule="adam", optim_config={"learning_rate": EXPERIMENT["learning_rate"]}, verbose=False,
               seed=EXPERIMENT["seed"]).train()


def run_torch(data):
    import torch

    X_train, y_train = torch.from_numpy(data["X_train"].reshape(len(data["X_train"]), -1)), torch.from_numpy(data["y_train"])
    X_val, y_val = torch.from_numpy(data["X_val"].reshape(len(data["X_val"]), -1)), torch.from_numpy(data["y_val"])
    rng = np.random.RandomState(EXPERIMENT["seed"])
    iterations_per_epoch = len(X_train) // EXPERIMENT["batch_size"]
    for keep in EXPERIMENT["keep_ratios"]:
        net = torch.nn.Sequential(torch.nn.Linear(D, H), torch.nn.ReLU(), torch.nn.Dropout(1 - keep), torch.nn.Linear(H, C))
        with torch.no_grad():
            for layer in (net[0], net[3]):
                layer.weight.normal_(0, 1e-2)
                layer.bias.zero_()
        optimizer = torch.optim.Adam(net.parameters(), lr=EXPERIMENT["learning_rate"])

        def accuracy(X, y):
            net.eval()
            with torch.no_grad():
                predictions = torch.cat([net(X[i:i + 100]).argmax(1) for i in range(0, len(X), 100)])
            net.train()
            return (predictions == y).float().mean().item()

        for t in range(EXPERIMENT["num_epochs"] * iterations_per_epoch):
            batch = torch.from_numpy(rng.choice(len(X_train), EXPERIMENT["batch_size"]))
            optimizer.zero_grad()
            loss = torch.nn.functional.cross_entropy(net(X_train[batch]), y_train[batch])
            loss.backward()
            optimizer.step()
            if t == 0 or (t + 1) % iterations_per_epoch == 0:
                accuracy(X_train, y_train), accuracy(X_val, y_val)


def flops():
    """Floating-point operations of the experiment that any implementation must do (multiply-adds count 2)."""
    B, N = EXPERIMENT["batch_size"], EXPERIMENT["num_train"]
    evaluations = EXPERIMENT["num_epochs"] + 1
    iterations = REGULARIZATION.iterations
    forward = 2 * (D * H + H * C)  # per image
    train = iterations * B * (forward + 2 * D * H + 4 * H * C)  # forward, dW1, dW2 and dh (no gradient of the images)
    evaluate = evaluations * (N + 1000) * forward
    return len(EXPERIMENT["keep_ratios"]) * (train + evaluate), len(EXPERIMENT["keep_ratios"]) * evaluate


def matmul_gflops(m, k, n, repeats=30):
    a, b = np.random.rand(m, k).astype(np.float32), np.random.rand(k, n).astype(np.float32)
    a @ b
    start = time.perf_counter()
    for _ in range(repeats):
        a @ b
    return 2 * m * k * n * repeats / (time.perf_counter() - start) / 1e9


def main(rounds=3):
    data = load_experiment_data()
    try:
        import torch  # noqa: F401
    except ImportError:
        torch = None
    times = {"numpy": [], "torch": []}
    for _ in range(rounds):
        for name, run in (("numpy", run_numpy), ("torch", run_torch)):
            if name == "torch" and torch is None:
                continue
            start = time.perf_counter()
            run(data)
            times[name].append(time.perf_counter() - start)
    numpy_s = statistics.median(times["numpy"])
    print(f"Regularization experiment, reference numpy library: {numpy_s:.2f} s (median of {rounds}, "
          f"{', '.join(f'{t:.2f}' for t in times['numpy'])})")
    if times["torch"]:
        torch_s = statistics.median(times["torch"])
        print(f"Same experiment in PyTorch {torch.__version__} on the CPU: {torch_s:.2f} s "
              f"({', '.join(f'{t:.2f}' for t in times['torch'])})")
        print(f"  numpy / torch time: {numpy_s / torch_s:.2f} (target: at most 1.00)")
    else:
        print("  PyTorch is not installed: pip install torch==2.13.0 (CPU build) to compare")
    total, evaluation = flops()
    achieved = total / numpy_s / 1e9
    batch_gemm = matmul_gflops(EXPERIMENT["batch_size"], D, H)
    peak = max(matmul_gflops(2048, 2048, 2048, repeats=5), batch_gemm)
    print(f"  {total / 1e9:.0f} GFLOP needed ({evaluation / total:.0%} of it per-epoch evaluation): "
          f"{achieved:.1f} GFLOP/s achieved")
    print(f"  float32 matmul on this machine: {peak:.1f} GFLOP/s (2048x2048x2048), "
          f"{batch_gemm:.1f} GFLOP/s (100x3072 @ 3072x500): the experiment runs at {achieved / peak:.0%} of peak")
    return {"numpy_s": numpy_s, "torch_s": statistics.median(times["torch"]) if times["torch"] else None}


if __name__ == "__main__":
    main()
