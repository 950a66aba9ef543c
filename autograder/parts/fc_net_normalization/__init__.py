"""FullyConnectedNet with batch and layer normalization (BatchNormalization.ipynb)."""
TITLE = "Fully-connected net with normalization"


def inputs(rng, experiment_data):
    return {"net_X": rng.randn(8, 15), "net_y": rng.randint(10, size=8), "net_batches": 2 * rng.randn(3, 8, 15) + 1,
            "net_y_batch": rng.randint(10, size=8)}
