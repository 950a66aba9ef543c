"""affine_forward that forgets the bias: out = x.reshape(N, D) @ w, without + b."""
FILE = "deeplearning/layers.py"
EXPECT = {"affine_layer": "lacks the bias b"}
MISTAKE = "affine_layer/no_bias"
PUBLIC = True


def affine_forward(x, w, b):
    out = None
    out = x.reshape(x.shape[0], -1) @ w
    return out, (x, w, b)
