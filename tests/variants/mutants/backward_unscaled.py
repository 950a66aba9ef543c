"""dropout_backward that passes the gradient where the forward pass kept a unit but does not scale it by 1/p:
dx = dout * (mask != 0)."""
FILE = "deeplearning/layers.py"
EXPECT = {"dropout_backward": "not scaled by 1/p"}
MISTAKE = "dropout_backward/unscaled"
PUBLIC = True


def dropout_backward(dout, cache):
    dropout_param, mask = cache
    mode = dropout_param["mode"]

    dx = None
    if mode == "train":
        dx = dout * (mask != 0)
    elif mode == "test":
        dx = dout
    else:
        raise ValueError(f"dropout mode must be 'train' or 'test', got {mode!r}")
    return dx
